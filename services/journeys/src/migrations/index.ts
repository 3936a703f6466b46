import { Plumbing1767225600000 } from './1767225600000-plumbing';

/** Every migration of the journeys schema, oldest first. */
export const JOURNEYS_MIGRATIONS = [Plumbing1767225600000];
