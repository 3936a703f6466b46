import { DEFAULT_PARTITIONS, partitionsOf, TOPICS } from './topics';

describe('partitionsOf', () => {
  it('adds up the default partitions of the topics', () => {
    expect(partitionsOf([TOPICS.events, TOPICS.catalogEvents])).toBe(DEFAULT_PARTITIONS[TOPICS.events] + DEFAULT_PARTITIONS[TOPICS.catalogEvents]);
    expect(partitionsOf([])).toBe(0);
  });
});
