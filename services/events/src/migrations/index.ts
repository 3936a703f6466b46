import { Plumbing1767225600000 } from './1767225600000-plumbing';
import { Dedupe1767312000000 } from './1767312000000-dedupe';
import { FailedWork1767657600000 } from './1767657600000-failed-work';
import { Erasures1767900016001 } from './1767900016001-erasures';

/** Every migration of the events schema, oldest first. */
export const EVENTS_MIGRATIONS = [Plumbing1767225600000, Dedupe1767312000000, FailedWork1767657600000, Erasures1767900016001];
