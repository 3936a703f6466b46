import { TOPICS } from '@cairn/contracts';
import { consumerConcurrencyOf } from './service-definition';

describe('consumerConcurrencyOf', () => {
  it('counts every partition of the consumed topics for "partitions"', () => {
    const consumes = [TOPICS.events, TOPICS.catalogEvents, TOPICS.segmentMembership, TOPICS.messageOutcomes, TOPICS.userErasures];
    expect(consumerConcurrencyOf({ consumerConcurrency: 'partitions', consumes })).toBe(12 + 3 + 12 + 6 + 12);
    expect(consumerConcurrencyOf({ consumerConcurrency: 'partitions' })).toBe(1);
  });

  it('passes a number or nothing on as given', () => {
    expect(consumerConcurrencyOf({ consumerConcurrency: 4, consumes: [TOPICS.events] })).toBe(4);
    expect(consumerConcurrencyOf({ consumes: [TOPICS.events] })).toBeUndefined();
  });
});
