import { defaultPartitions, TOPICS } from './topics';

describe('defaultPartitions', () => {
  it('gives a Cairn topic its default count and any other topic 3', () => {
    expect(defaultPartitions(TOPICS.events)).toBe(12);
    expect(defaultPartitions(TOPICS.catalogEvents)).toBe(3);
    expect(defaultPartitions(TOPICS.messageOutcomes)).toBe(6);
    expect(defaultPartitions('shop.orders')).toBe(3);
  });
});
