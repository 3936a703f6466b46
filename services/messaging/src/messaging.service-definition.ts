import { TOPICS } from '@cairn/contracts';
import { ServiceDefinition } from '@cairn/runtime';
import { MessagingModule } from './messaging.module';
import { MESSAGING_MIGRATIONS } from './migrations';

export const messagingService: ServiceDefinition = {
  name: 'messaging',
  schema: 'messaging',
  title: 'Cairn messaging',
  description: 'Templates, channels, consent, quiet hours, frequency capping and reliable delivery.',
  migrations: MESSAGING_MIGRATIONS,
  module: (platform) => MessagingModule.register(platform),
  consumerGroup: 'cairn-messaging',
  produces: [TOPICS.messageOutcomes],
  consumes: [TOPICS.messageRequests],
};
