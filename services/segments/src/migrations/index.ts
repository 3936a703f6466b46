import { Plumbing1767225600000 } from './1767225600000-plumbing';
import { Segments1767312000000 } from './1767312000000-segments';
import { IdentityLinks1767312000001 } from './1767312000001-identity-links';
import { AudienceIndex1767312000002 } from './1767312000002-audience-index';
import { ItemOccurrences1767312000003 } from './1767312000003-item-occurrences';
import { FailedWork1767657600000 } from './1767657600000-failed-work';
import { SizeSnapshots1767744000000 } from './1767744000000-size-snapshots';
import { Erasures1767900016001 } from './1767900016001-erasures';

/** Every migration of the segments schema, oldest first. */
export const SEGMENTS_MIGRATIONS = [
  Plumbing1767225600000,
  Segments1767312000000,
  IdentityLinks1767312000001,
  AudienceIndex1767312000002,
  ItemOccurrences1767312000003,
  FailedWork1767657600000,
  SizeSnapshots1767744000000,
  Erasures1767900016001,
];
