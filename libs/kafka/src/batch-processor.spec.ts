import { busMetrics, createLogger } from '@cairn/observability';
import { BatchProcessor } from './batch-processor';
import { IncomingMessage, MessageBatch, OutgoingMessage } from './bus.adapter';
import { InProcessBus } from './in-process.bus';

const logger = createLogger({ level: 'silent', service: 'test' });
const fast = { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 };
const withCode = (code: string) => Object.assign(new Error(`failed with ${code}`), { code });

function batchOf(values: string[]): MessageBatch {
  const messages: IncomingMessage[] = values.map((value, i) => ({
    topic: 'probe.topic',
    partition: 3,
    offset: String(i),
    key: 'k',
    value: Buffer.from(JSON.stringify({ value })),
    headers: {},
    timestamp: 0,
  }));
  return { topic: 'probe.topic', partition: 3, messages, heartbeat: async () => undefined, isActive: () => true };
}

class RecordingBus extends InProcessBus {
  readonly published: OutgoingMessage[] = [];
  override async publishBatch(messages: OutgoingMessage[]): Promise<void> {
    this.published.push(...messages);
  }
}

async function stalledValue(): Promise<number | undefined> {
  const metric = await busMetrics.stalled.get();
  return metric.values.find((v) => v.labels.topic === 'probe.topic' && v.labels.partition === '3')?.value;
}

describe('BatchProcessor: classified retries', () => {
  it('retries a transient failure past the stall bound, reports the partition as stalled meanwhile, and clears it once it moves', async () => {
    const bus = new RecordingBus();
    let failures = 6;
    let stalledWhileFailing: number | undefined;
    const processor = new BatchProcessor({
      bus,
      group: 'g',
      logicalTopic: 'probe.topic',
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      logger,
      transientBackoff: { attempts: Infinity, baseDelayMs: 1, maxDelayMs: 2 },
      stallAfterRounds: 3,
      handle: async () => {
        if (failures === 1) stalledWhileFailing = await stalledValue();
        if (failures-- > 0) throw withCode('57P01');
      },
    });
    await processor.process(batchOf(['a', 'b']));
    expect(stalledWhileFailing).toBe(1);
    expect(await stalledValue()).toBe(0);
    expect(bus.published).toEqual([]);
  });

  it('does not retry a full disk forever: after its bounded rounds the message is dead-lettered and the partition moves on', async () => {
    const bus = new RecordingBus();
    let calls = 0;
    const processor = new BatchProcessor({
      bus,
      group: 'g',
      logicalTopic: 'probe.topic',
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      logger,
      resourceBackoff: { ...fast, attempts: 4 },
      handle: async () => {
        calls++;
        throw withCode('53100');
      },
    });
    await processor.process(batchOf(['a', 'b']));
    // 4 rounds on the batch, then one more for each message on its own (not 4 again per message).
    expect(calls).toBe(4 + 2);
    expect(bus.published).toHaveLength(2);
    expect(bus.published[0]).toMatchObject({ topic: 'probe.topic.dlq', headers: expect.objectContaining({ 'cairn-dlq-code': 'HANDLER_FAILED' }) });
  });
});
