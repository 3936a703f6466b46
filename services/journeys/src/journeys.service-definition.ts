import { TOPICS } from '@cairn/contracts';
import { retentionParkedKind, ServiceDefinition } from '@cairn/runtime';
import { JourneysModule } from './journeys.module';
import { JOURNEYS_MIGRATIONS } from './migrations';
import { timerParkedKind } from './runs/fire-due-timers/fire-due-timers.usecase';
import { scheduleParkedKind } from './schedules/fire-schedules/fire-schedules.usecase';

export const journeysService: ServiceDefinition = {
  name: 'journeys',
  schema: 'journeys',
  title: 'Cairn journeys',
  description: 'Versioned journeys with durable timers, exits, holdouts, goals and coupons.',
  migrations: JOURNEYS_MIGRATIONS,
  module: (platform) => JourneysModule.register(platform),
  consumerGroup: 'cairn-journeys',
  // Every partition's batch of a fetch at once; BatchGroup bounds the transactions.
  consumerConcurrency: 'partitions',
  produces: [TOPICS.messageRequests],
  parkedKinds: [timerParkedKind, scheduleParkedKind, retentionParkedKind],
  consumes: [TOPICS.events, TOPICS.catalogEvents, TOPICS.segmentMembership, TOPICS.messageOutcomes, TOPICS.userErasures],
};
