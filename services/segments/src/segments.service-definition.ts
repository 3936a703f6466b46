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
  // Every partition's batch of a fetch is handed over at once (12 partitions a topic); the busy consumers merge the
  // batches that wait into their next transaction (BatchGroup, two at a time), so fewer, larger transactions run.
  consumerConcurrency: 12,
  produces: [TOPICS.segmentMembership, TOPICS.identityLinks, TOPICS.userErasures],
  consumes: [TOPICS.events, TOPICS.userErasures],
  parkedKinds: [timerParkedKind, retentionParkedKind],
};
