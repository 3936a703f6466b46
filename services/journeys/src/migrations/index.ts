import { Plumbing1767225600000 } from './1767225600000-plumbing';
import { Journeys1767312000000 } from './1767312000000-journeys';
import { Coupons1767398400000 } from './1767398400000-coupons';
import { Entries1767484800000 } from './1767484800000-entries';
import { TimersPendingOnly1767571200000 } from './1767571200000-timers-pending-only';
import { FailedWork1767657600000 } from './1767657600000-failed-work';
import { MessageReceipts1767801600018 } from './1767801600018-message-receipts';
import { IdentityLinks1767900016000 } from './1767900016000-identity-links';
import { Erasures1767900016001 } from './1767900016001-erasures';
import { Retention1767900016002 } from './1767900016002-retention';

/** Every migration of the journeys schema, oldest first. */
export const JOURNEYS_MIGRATIONS = [
  Plumbing1767225600000,
  Journeys1767312000000,
  Coupons1767398400000,
  Entries1767484800000,
  TimersPendingOnly1767571200000,
  FailedWork1767657600000,
  MessageReceipts1767801600018,
  IdentityLinks1767900016000,
  Erasures1767900016001,
  Retention1767900016002,
];
