import { BusAdapter, ConsumeOptions, ConsumerHandle, IncomingMessage, OutgoingMessage, TopicSpec } from './bus.adapter';

interface Partition {
  /** Offset of log[0]; the log is trimmed below the slowest committed offset. */
  base: number;
  log: IncomingMessage[];
}

interface Waiter {
  wake: () => void;
}

const DEFAULT_PARTITIONS = 4;
const MAX_BATCH = 500;
const REDELIVERY_DELAY_MS = 200;

function partitionFor(key: string | null, count: number, roundRobin: number): number {
  if (key === null) return roundRobin % count;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

/**
 * The bus of the all-in-one mode: Kafka's semantics in memory. Keys hash to
 * partitions, each partition is consumed by one loop per group in order, and
 * offsets are committed only after the handler resolved; a handler that
 * throws gets the same batch again. Nothing survives the process: the
 * all-in-one mode is for trying Cairn, not for production.
 */
export class InProcessBus implements BusAdapter {
  readonly kind = 'in-process' as const;
  private readonly topics = new Map<string, Partition[]>();
  private readonly committed = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();
  private roundRobin = 0;

  async connect(): Promise<void> {}

  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    for (const t of topics) this.partitions(t.topic, t.partitions);
  }

  private partitions(topic: string, count = DEFAULT_PARTITIONS): Partition[] {
    let parts = this.topics.get(topic);
    if (!parts) {
      parts = Array.from({ length: count }, () => ({ base: 0, log: [] }));
      this.topics.set(topic, parts);
    }
    return parts;
  }

  async publishBatch(messages: OutgoingMessage[]): Promise<void> {
    for (const m of messages) {
      const parts = this.partitions(m.topic);
      const partition = partitionFor(m.key, parts.length, this.roundRobin++);
      const p = parts[partition];
      p.log.push({
        topic: m.topic,
        partition,
        offset: String(p.base + p.log.length),
        key: m.key,
        value: Buffer.isBuffer(m.value) ? m.value : Buffer.from(m.value),
        headers: { ...(m.headers ?? {}) },
        timestamp: Date.now(),
      });
    }
    for (const w of [...this.waiters]) w.wake();
  }

  async consumeBatch(options: ConsumeOptions): Promise<ConsumerHandle> {
    const state = { running: true, paused: false, loops: [] as Promise<void>[] };
    for (const topic of options.topics) {
      this.partitions(topic).forEach((_, partition) => state.loops.push(this.loop(options, topic, partition, state)));
    }
    return {
      joined: true,
      get paused() {
        return state.paused;
      },
      pause: () => {
        state.paused = true;
      },
      resume: () => {
        state.paused = false;
        for (const w of [...this.waiters]) w.wake();
      },
      stop: async () => {
        state.running = false;
        for (const w of [...this.waiters]) w.wake();
        await Promise.all(state.loops);
      },
    };
  }

  private commitKey(group: string, topic: string, partition: number): string {
    return `${group}\u0000${topic}\u0000${partition}`;
  }

  private async loop(options: ConsumeOptions, topic: string, partition: number, state: { running: boolean; paused: boolean }): Promise<void> {
    const key = this.commitKey(options.groupId, topic, partition);
    const p = this.partitions(topic)[partition];
    if (!this.committed.has(key)) this.committed.set(key, options.fromBeginning === false ? p.base + p.log.length : p.base);
    while (state.running) {
      const from = this.committed.get(key)!;
      const messages = state.paused ? [] : p.log.slice(Math.max(0, from - p.base), Math.max(0, from - p.base) + MAX_BATCH);
      if (messages.length === 0) {
        await this.waitForMessages();
        continue;
      }
      try {
        await options.handler({ topic, partition, messages, heartbeat: async () => undefined, isActive: () => state.running });
        this.committed.set(key, Number(messages[messages.length - 1].offset) + 1);
        this.trim(topic, partition);
      } catch {
        // At-least-once: the same batch comes again after a pause, as Kafka would redeliver it.
        await new Promise((r) => setTimeout(r, REDELIVERY_DELAY_MS));
      }
    }
  }

  private waitForMessages(): Promise<void> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        wake: () => {
          this.waiters.delete(waiter);
          resolve();
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Drops messages every group that reads the partition has committed. */
  private trim(topic: string, partition: number): void {
    const suffix = `\u0000${topic}\u0000${partition}`;
    const offsets = [...this.committed].filter(([k]) => k.endsWith(suffix)).map(([, v]) => v);
    const p = this.topics.get(topic)![partition];
    const low = Math.min(...offsets);
    if (low > p.base) {
      p.log.splice(0, low - p.base);
      p.base = low;
    }
  }

  /** Messages published and not yet committed by every group that reads their partition (0: every consumer caught up). */
  pending(): number {
    let behind = 0;
    for (const [key, offset] of this.committed) {
      const [, topic, partition] = key.split('\u0000');
      const p = this.topics.get(topic)?.[Number(partition)];
      if (p) behind += p.base + p.log.length - offset;
    }
    return behind;
  }

  async disconnect(): Promise<void> {
    for (const w of [...this.waiters]) w.wake();
  }
}
