import { Plumbing1767225600000 } from './1767225600000-plumbing';

/** Every migration of the events schema, oldest first. */
export const EVENTS_MIGRATIONS = [Plumbing1767225600000];
