import { TOPICS } from '@cairn/contracts';
import { retentionParkedKind, ServiceDefinition } from '@cairn/runtime';
import { MessagingModule } from './messaging.module';
import { broadcastParkedKind } from './broadcasts/broadcast-parked-kind';
import { MESSAGING_MIGRATIONS } from './migrations';
import { configureMessagingHttp } from './receipts/receipts-http';
import { deferredParkedKind, retryParkedKind } from './sending/parked-kinds';
import { MESSAGING_SCHEMA } from './shared/schema';

export const messagingService: ServiceDefinition = {
  name: 'messaging',
  schema: MESSAGING_SCHEMA,
  title: 'Cairn messaging',
  description: 'Templates, channels, consent, quiet hours, frequency capping and reliable delivery.',
  migrations: MESSAGING_MIGRATIONS,
  module: (platform) => MessagingModule.register(platform),
  consumerGroup: 'cairn-messaging',
  // Partitions hold disjoint users and a batch's decision takes its users' locks in one fixed order, so batches of several
  // partitions can be decided at once; each takes one pooled connection for its transaction.
  consumerConcurrency: 4,
  produces: [TOPICS.messageOutcomes],
  consumes: [TOPICS.messageRequests, TOPICS.identityLinks, TOPICS.userErasures],
  parkedKinds: [deferredParkedKind, retryParkedKind, retentionParkedKind, broadcastParkedKind],
  configureHttp: (app) => configureMessagingHttp(app),
};
