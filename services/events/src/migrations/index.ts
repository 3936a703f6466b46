import { Plumbing1767225600000 } from './1767225600000-plumbing';
import { Dedupe1767312000000 } from './1767312000000-dedupe';

/** Every migration of the events schema, oldest first. */
export const EVENTS_MIGRATIONS = [Plumbing1767225600000, Dedupe1767312000000];
