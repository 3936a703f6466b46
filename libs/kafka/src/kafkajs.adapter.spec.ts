import { Kafka } from 'kafkajs';
import { KafkaJsAdapter } from './kafkajs.adapter';

/**
 * The adapter's rule after a failed send, with stand-ins for kafkajs's producers: a producer whose send failed never
 * sends again, since its sequence numbers may match batches the broker kept (the broker would then take new messages
 * for a retry and keep none of them). The send after it goes through a new producer. On a real broker whose produce
 * answers get lost, libs/testing's producer-faults.int.spec.ts shows the loss the rule prevents.
 */
interface StandIn {
  id: number;
  sent: string[][];
  failNext: boolean;
  disconnected: boolean;
}

function adapterWithStandIns(): { adapter: KafkaJsAdapter; producers: StandIn[]; refuseConnects: { on: boolean } } {
  const adapter = new KafkaJsAdapter({ brokers: ['127.0.0.1:1'], clientId: 'spec' });
  const producers: StandIn[] = [];
  const refuseConnects = { on: false };
  const kafka = (adapter as unknown as { kafka: Kafka }).kafka;
  kafka.producer = (() => {
    const p: StandIn = { id: producers.length + 1, sent: [], failNext: false, disconnected: false };
    producers.push(p);
    return {
      connect: async () => {
        if (refuseConnects.on) throw new Error('connect ECONNREFUSED');
      },
      disconnect: async () => void (p.disconnected = true),
      sendBatch: async ({ topicMessages }: { topicMessages: Array<{ messages: Array<{ value: string }> }> }) => {
        if (p.failNext) {
          p.failNext = false;
          throw new Error('read ECONNRESET');
        }
        p.sent.push(topicMessages.flatMap((t) => t.messages.map((m) => String(m.value))));
      },
    };
  }) as unknown as Kafka['producer'];
  return { adapter, producers, refuseConnects };
}

const message = (value: string) => ({ topic: 't', key: 'ws:u', value });

describe('KafkaJsAdapter after a failed send', () => {
  it('sends the retry through a new producer, never again through the one that failed', async () => {
    const { adapter, producers } = adapterWithStandIns();
    await adapter.connect();
    await adapter.publishBatch([message('a')]);
    producers[0].failNext = true;
    await expect(adapter.publishBatch([message('b')])).rejects.toThrow('ECONNRESET');
    await adapter.publishBatch([message('b'), message('c')]);
    expect(producers.map((p) => p.sent)).toEqual([[['a']], [['b', 'c']]]);
    expect(producers[0].disconnected).toBe(true);
  });

  it('connects a new producer at the next send when the broker was away at the failure', async () => {
    const { adapter, producers, refuseConnects } = adapterWithStandIns();
    await adapter.connect();
    producers[0].failNext = true;
    refuseConnects.on = true;
    await expect(adapter.publishBatch([message('a')])).rejects.toThrow('ECONNRESET');
    await expect(adapter.publishBatch([message('a')])).rejects.toThrow('ECONNREFUSED');
    refuseConnects.on = false;
    await adapter.publishBatch([message('a')]);
    expect(producers.flatMap((p) => p.sent)).toEqual([['a']]);
    expect(producers[0].sent).toEqual([]);
  });
});
