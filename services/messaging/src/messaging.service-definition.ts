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
  // Every partition's batch of a fetch at once; BatchGroup bounds the transactions.
  consumerConcurrency: 'partitions',
  produces: [TOPICS.messageOutcomes],
  consumes: [TOPICS.messageRequests, TOPICS.identityLinks, TOPICS.userErasures],
  parkedKinds: [deferredParkedKind, retryParkedKind, retentionParkedKind, broadcastParkedKind],
  configureHttp: (app) => configureMessagingHttp(app),
};
