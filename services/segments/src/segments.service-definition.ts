import { TOPICS } from '@cairn/contracts';
import { retentionParkedKind, ServiceDefinition } from '@cairn/runtime';
import { SEGMENTS_MIGRATIONS } from './migrations';
import { SegmentsModule } from './segments.module';
import { timerParkedKind } from './evaluation/reevaluation-timers';

export const segmentsService: ServiceDefinition = {
  name: 'segments',
  schema: 'segments',
  title: 'Cairn segments',
  description: 'Real-time segment membership, time-driven transitions and audience queries.',
  migrations: SEGMENTS_MIGRATIONS,
  module: (platform) => SegmentsModule.register(platform),
  consumerGroup: 'cairn-segments',
  // Every partition's batch of a fetch at once; BatchGroup bounds the transactions.
  consumerConcurrency: 'partitions',
  produces: [TOPICS.segmentMembership, TOPICS.identityLinks, TOPICS.userErasures],
  consumes: [TOPICS.events, TOPICS.userErasures],
  parkedKinds: [timerParkedKind, retentionParkedKind],
};
