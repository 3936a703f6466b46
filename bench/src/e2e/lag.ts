import type { KafkaSecurity } from '@cairn/config';
import { kafkaJsClientConfig } from '@cairn/kafka';
import { Kafka } from 'kafkajs';

/**
 * Consumer lag of every consumer group of one topic prefix (the services'
 * groups are `<prefix><group>`): the sum over groups and partitions of the
 * high watermark minus the committed offset. A topic counts for a group once
 * the group has committed on it (a warm-up makes every group commit first).
 */
export class LagWatcher {
  private readonly admin;
  private readonly topicsOf = new Map<string, Set<string>>();

  constructor(
    brokers: string,
    private readonly prefix: string,
    security?: KafkaSecurity,
  ) {
    this.admin = new Kafka(kafkaJsClientConfig([brokers], 'bench-lag', security)).admin();
  }

  async connect(): Promise<void> {
    await this.admin.connect();
  }

  /** Messages not yet committed, summed over the prefix's groups, and per group (without the prefix). */
  async lag(): Promise<{ total: number; byGroup: Record<string, number> }> {
    const { groups } = await this.admin.listGroups();
    const highs = new Map<string, Map<number, number>>();
    const high = async (topic: string) => {
      if (!highs.has(topic)) highs.set(topic, new Map((await this.admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)])));
      return highs.get(topic)!;
    };
    let total = 0;
    const byGroup: Record<string, number> = {};
    for (const { groupId } of groups.filter((g) => g.groupId.startsWith(this.prefix))) {
      const known = this.topicsOf.get(groupId) ?? new Set<string>();
      this.topicsOf.set(groupId, known);
      for (const t of await this.admin.fetchOffsets({ groupId })) {
        if (t.partitions.some((p) => Number(p.offset) >= 0)) known.add(t.topic);
      }
      if (known.size === 0) continue;
      for (const t of await this.admin.fetchOffsets({ groupId, topics: [...known] })) {
        const highOf = await high(t.topic);
        for (const p of t.partitions) {
          const lag = Math.max(0, (highOf.get(p.partition) ?? 0) - Math.max(0, Number(p.offset)));
          const name = `${groupId.slice(this.prefix.length)}@${t.topic.slice(this.prefix.length)}`;
          byGroup[name] = (byGroup[name] ?? 0) + lag;
          total += lag;
        }
      }
    }
    return { total, byGroup };
  }

  async close(): Promise<void> {
    await this.admin.disconnect();
  }
}
