import { Plumbing1767225600000 } from './1767225600000-plumbing';

/** Every migration of the segments schema, oldest first. */
export const SEGMENTS_MIGRATIONS = [Plumbing1767225600000];
