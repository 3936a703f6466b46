import { Plumbing1767225600000 } from './1767225600000-plumbing';

/** Every migration of the messaging schema, oldest first. */
export const MESSAGING_MIGRATIONS = [Plumbing1767225600000];
