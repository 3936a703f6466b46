import { IncomingMessage, KafkaJsAdapter, OutgoingMessage } from '@cairn/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { testTopicPrefix } from '../infra/isolation';
import { KafkaProxy } from '../infra/kafka-proxy';
import { LocalKafka, startLocalKafka } from '../infra/local-kafka';
import { cacheRoot } from '../infra/resolve';
import { waitFor } from '../infra/util';

/**
 * The producer on a broker whose answers to produce requests get lost (a broker of this file's own, reached through
 * a proxy that closes the connection in place of a produce answer): the broker wrote the batch, the client never
 * heard. kafkajs's idempotent producer numbers a partition's batches and moves on only when a batch is answered, so
 * a producer that goes on sending after such a failure numbers its next batch as it numbered the lost one, and the
 * broker takes the new batch for a retry of the one it has: it answers success and keeps none of it. The outbox
 * relay then deletes rows that never reached the log (seen under broker kills in the chaos harness). These tests
 * hold the adapter to: nothing acknowledged is missing from the log afterwards.
 */
let kafka: LocalKafka;
let proxy: KafkaProxy;
let bus: KafkaJsAdapter;

beforeAll(async () => {
  kafka = await startLocalKafka(cacheRoot(), () => undefined, { proxied: true });
  proxy = kafka.proxy!;
  bus = new KafkaJsAdapter({ brokers: [proxy.address], clientId: 'producer-faults' });
  await bus.connect();
}, 150_000);

afterAll(async () => {
  await bus?.disconnect();
  await kafka?.stop();
});

function idOf(m: IncomingMessage): string {
  return (JSON.parse(m.value.toString()) as { id: string }).id;
}

/** Every message of the topic's single partition up to its end offset, read straight from the broker. */
async function readLog(topic: string): Promise<string[]> {
  const direct = new Kafka({ brokers: [kafka.brokers], logLevel: logLevel.NOTHING });
  const admin = direct.admin();
  await admin.connect();
  const [{ high }] = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const seen = new Map<string, string>();
  const reader = await bus.consumeBatch({
    groupId: `${topic}-reader`,
    topics: [topic],
    handler: async (b) => b.messages.forEach((m) => seen.set(m.offset, idOf(m))),
    onCrash: () => undefined,
  });
  try {
    await waitFor(() => seen.size >= Number(high), { what: `offsets 0..${high} of ${topic}`, timeoutMs: 30_000 });
  } finally {
    await reader.stop();
  }
  return [...seen].sort(([a], [b]) => Number(a) - Number(b)).map(([, id]) => id);
}

it('after a send whose answer was lost, sends of other messages to the same partition all reach the log', async () => {
  const topic = `${testTopicPrefix()}lost-answer`;
  await bus.ensureTopics([{ topic, partitions: 1 }]);
  const message = (id: string): OutgoingMessage => ({ topic, key: 'one-key', value: JSON.stringify({ id }) });

  await bus.publishBatch([message('a')]);
  proxy.cutProduceResponses = true;
  // kafkajs retries the send (the broker takes each retry for the batch it has) until it gives up.
  await expect(bus.publishBatch([message('b')])).rejects.toThrow();
  expect(proxy.producesCut).toBeGreaterThan(0);
  proxy.cutProduceResponses = false;

  // Sends of other messages come next: the outbox relay's next pass holds other rows when another replica's relay
  // took the failed batch's rows meanwhile, or when new rows came first. Each must be in the log, whatever the
  // broker kept of the failed send.
  await bus.publishBatch([message('c')]);
  await bus.publishBatch([message('d'), message('e')]);
  await bus.publishBatch([message('b')]);

  const log = await readLog(topic);
  // b may be in the log twice (the lost answer's batch and the retry); nothing acknowledged may be missing.
  expect([...new Set(log)].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
}, 120_000);
