import { Plumbing1767225600000 } from './1767225600000-plumbing';
import { Journeys1767312000000 } from './1767312000000-journeys';

/** Every migration of the journeys schema, oldest first. */
export const JOURNEYS_MIGRATIONS = [Plumbing1767225600000, Journeys1767312000000];
