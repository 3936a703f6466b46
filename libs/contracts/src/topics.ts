/**
 * The Kafka topics Cairn owns. Names are part of the public surface: other
 * teams publish to and read from them. Each has a dead-letter companion.
 */
export const TOPICS = {
  events: 'cairn.events.v1',
  catalogEvents: 'cairn.catalog-events.v1',
  segmentMembership: 'cairn.segment-membership.v1',
  messageRequests: 'cairn.message-requests.v1',
  messageOutcomes: 'cairn.message-outcomes.v1',
  identityLinks: 'cairn.identity-links.v1',
  userErasures: 'cairn.user-erasures.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export const DLQ_SUFFIX = '.dlq';

export function dlqTopic(topic: string): string {
  return `${topic}${DLQ_SUFFIX}`;
}

export const ALL_TOPICS: readonly TopicName[] = Object.values(TOPICS);

/** Topics keyed `<workspaceId>:<itemId>`: a key there names an item, never a person, however alike the ids. */
export const ITEM_KEYED_TOPICS: readonly TopicName[] = [TOPICS.catalogEvents];

/** Partition counts used when Cairn provisions its topics (compose, Kubernetes jobs, tests). */
export const DEFAULT_PARTITIONS: Record<TopicName, number> = {
  'cairn.events.v1': 12,
  'cairn.catalog-events.v1': 3,
  'cairn.segment-membership.v1': 12,
  'cairn.message-requests.v1': 12,
  'cairn.message-outcomes.v1': 6,
  'cairn.identity-links.v1': 6,
  // Rare messages; as many partitions as the busiest topics, so no consumer group (the events service's included) has more replicas than partitions.
  'cairn.user-erasures.v1': 12,
};

export const DLQ_PARTITIONS = 1;

/** Partitions Cairn gives a topic it provisions: its default count, 3 for a topic not of Cairn's. */
export function defaultPartitions(topic: string): number {
  return DEFAULT_PARTITIONS[topic as TopicName] ?? 3;
}

/** Every Cairn topic and its dead-letter topic with their default partition counts, under an optional prefix. */
export function topicSpecs(prefix = ''): Array<{ topic: string; partitions: number }> {
  return ALL_TOPICS.flatMap((t) => [
    { topic: prefix + t, partitions: DEFAULT_PARTITIONS[t] },
    { topic: dlqTopic(prefix + t), partitions: DLQ_PARTITIONS },
  ]);
}
