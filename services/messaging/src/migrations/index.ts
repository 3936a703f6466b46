import { Plumbing1767225600000 } from './1767225600000-plumbing';
import { MessagingTables1767312000000 } from './1767312000000-messaging-tables';
import { SendRetries1767398400000 } from './1767398400000-send-retries';
import { TemplateLocales1767484800000 } from './1767484800000-template-locales';
import { FailedWork1767657600000 } from './1767657600000-failed-work';
import { SendIntentsCreated1767744000000 } from './1767744000000-send-intents-created';
import { SendsBroadcastsReceipts1767801600018 } from './1767801600018-sends-broadcasts-receipts';
import { IdentityLinks1767900016000 } from './1767900016000-identity-links';
import { Erasures1767900016001 } from './1767900016001-erasures';
import { Retention1767900016002 } from './1767900016002-retention';

/** Every migration of the messaging schema, oldest first. */
export const MESSAGING_MIGRATIONS = [
  Plumbing1767225600000,
  MessagingTables1767312000000,
  SendRetries1767398400000,
  TemplateLocales1767484800000,
  FailedWork1767657600000,
  SendIntentsCreated1767744000000,
  SendsBroadcastsReceipts1767801600018,
  IdentityLinks1767900016000,
  Erasures1767900016001,
  Retention1767900016002,
];
