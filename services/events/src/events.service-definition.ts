import { TOPICS } from '@cairn/contracts';
import { ServiceDefinition } from '@cairn/runtime';
import { EventsModule } from './events.module';
import { configureIngestHttp } from './http/ingest-body-parser';
import { EVENTS_MIGRATIONS } from './migrations';

export const eventsService: ServiceDefinition = {
  name: 'events',
  schema: 'events',
  title: 'Cairn events',
  description: 'Segment-compatible ingestion of behaviour and catalog events into Kafka.',
  migrations: EVENTS_MIGRATIONS,
  module: (platform) => EventsModule.register(platform),
  // Its one consumer: the erasures (its own data is the outbox of events not yet published).
  consumerGroup: 'cairn-events',
  produces: [TOPICS.events, TOPICS.catalogEvents],
  consumes: [TOPICS.userErasures],
  bodyLimit: '500kb',
  configureHttp: (app, platform) => configureIngestHttp(app, platform, '500kb'),
};
