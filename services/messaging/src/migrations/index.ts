import { Plumbing1767225600000 } from './1767225600000-plumbing';
import { MessagingTables1767312000000 } from './1767312000000-messaging-tables';

/** Every migration of the messaging schema, oldest first. */
export const MESSAGING_MIGRATIONS = [Plumbing1767225600000, MessagingTables1767312000000];
