import { DEFAULT_PARTITIONS, DLQ_SUFFIX, MessageRequest, TOPICS, TopicName } from '@cairn/contracts';
import { ConsumerHandle, KafkaJsAdapter } from '@cairn/kafka';
import { testConfigFile, testInfra } from '@cairn/testing';
import { journeysService } from '../journeys.service-definition';

/** Headers of a management call with the dev workspace's admin key. */
export const ADMIN = { Authorization: 'Bearer dev-admin-key', 'Content-Type': 'application/json' };

/**
 * Test set-up shared by the journeys integration tests: a Kafka client, the
 * topics the service consumes and produces (and its dead-letter topics) under
 * each given prefix, and a reader of the message requests it publishes.
 */
export async function journeysTestBus(prefixes: string[]): Promise<KafkaJsAdapter> {
  const bus = new KafkaJsAdapter({ brokers: [testInfra().kafkaBrokers], clientId: 't' });
  await bus.connect();
  const consumed = journeysService.consumes ?? [];
  const specs = prefixes.flatMap((p) => [
    ...[...consumed, TOPICS.messageRequests].map((t) => ({ topic: p + t, partitions: DEFAULT_PARTITIONS[t as TopicName] })),
    ...consumed.map((t) => ({ topic: p + t + DLQ_SUFFIX, partitions: 1 })),
  ]);
  await bus.ensureTopics(specs);
  return bus;
}

/** Reads every message request published under the prefixes, from the beginning, raw JSON text included. */
export function readMessageRequests(
  bus: KafkaJsAdapter,
  prefixes: string[],
  onRequest: (request: MessageRequest, raw: string) => void,
): Promise<ConsumerHandle> {
  return bus.consumeBatch({
    groupId: `${prefixes[0]}reader`,
    topics: prefixes.map((p) => p + TOPICS.messageRequests),
    fromBeginning: true,
    handler: async (batch) => {
      for (const m of batch.messages) onRequest(JSON.parse(m.value.toString()) as MessageRequest, m.value.toString());
    },
    onCrash: () => undefined,
  });
}

/** The environment of a journeys process on the test database and a topic prefix of its own. */
export function journeysProcessEnv(databaseUrl: string, topicPrefix: string): Record<string, string> {
  return { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: databaseUrl, CAIRN_CONFIG: testConfigFile({ topicPrefix }), LOG_LEVEL: 'warn' };
}
