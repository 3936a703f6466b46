import { Plumbing1767225600000 } from './1767225600000-plumbing';
import { MessagingTables1767312000000 } from './1767312000000-messaging-tables';
import { SendRetries1767398400000 } from './1767398400000-send-retries';
import { TemplateLocales1767484800000 } from './1767484800000-template-locales';
import { FailedWork1767657600000 } from './1767657600000-failed-work';
import { SendIntentsCreated1767744000000 } from './1767744000000-send-intents-created';
import { SendsBroadcastsReceipts1767801600018 } from './1767801600018-sends-broadcasts-receipts';

/** Every migration of the messaging schema, oldest first. */
export const MESSAGING_MIGRATIONS = [
  Plumbing1767225600000,
  MessagingTables1767312000000,
  SendRetries1767398400000,
  TemplateLocales1767484800000,
  FailedWork1767657600000,
  SendIntentsCreated1767744000000,
  SendsBroadcastsReceipts1767801600018,
];
