import { loadConfig } from '@cairn/config';
import { BusAdapter, IncomingMessage, KafkaJsAdapter } from '@cairn/kafka';
import { cacheRoot } from '../infra/resolve';
import { createTestCa } from '../infra/certs';
import { LocalKafka, startLocalKafka } from '../infra/local-kafka';
import { waitFor } from '../infra/util';

/**
 * Kafka's security settings as a deployment writes them (KAFKA_SASL_*,
 * KAFKA_TLS_*), through loadConfig into the adapter, against a broker of this
 * file's own with a SASL_SSL listener (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) and
 * a listener that requires client certificates.
 */
const user = { username: 'cairn-app', password: 'app-password-1' };
let kafka: LocalKafka;

beforeAll(async () => {
  kafka = await startLocalKafka(cacheRoot(), () => undefined, { secure: { users: [user] } });
}, 120_000);

afterAll(async () => kafka?.stop());

function adapterFor(env: Record<string, string>, brokers: string): KafkaJsAdapter {
  const config = loadConfig({ service: 'segments', env: { KAFKA_BROKERS: brokers, DATABASE_URL: 'postgres://unused/db', ...env } });
  return new KafkaJsAdapter({ brokers: config.kafka!.brokers, clientId: 'security-test', security: config.kafka!.security });
}

async function roundTrip(bus: BusAdapter, topic: string): Promise<IncomingMessage[]> {
  await bus.connect();
  await bus.ensureTopics([{ topic, partitions: 1 }]);
  await bus.publishBatch([{ topic, key: 'ws:u1', value: JSON.stringify({ hello: topic }) }]);
  const seen: IncomingMessage[] = [];
  const consumer = await bus.consumeBatch({
    groupId: `g-${topic}`,
    topics: [topic],
    handler: async (b) => void seen.push(...b.messages),
    onCrash: () => undefined,
  });
  await waitFor(() => seen.length === 1, { timeoutMs: 60_000, what: `the message on ${topic}` });
  await consumer.stop();
  return seen;
}

describe('Kafka security (SASL_SSL and mutual TLS)', () => {
  const sasl = (mechanism: string, password = user.password) => ({
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: user.username,
    KAFKA_SASL_PASSWORD: password,
    KAFKA_TLS: 'true',
    KAFKA_TLS_CA_FILE: kafka.secure!.caFile,
  });

  it.each(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'])('produces and consumes over SASL_SSL with %s and the CA file', async (mechanism) => {
    const bus = adapterFor(sasl(mechanism), kafka.secure!.saslSsl);
    try {
      const [message] = await roundTrip(bus, `sasl-${mechanism.toLowerCase()}`);
      expect(message.key).toBe('ws:u1');
    } finally {
      await bus.disconnect();
    }
  });

  it('produces and consumes with a client certificate where the broker requires one', async () => {
    const env = {
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_FILE: kafka.secure!.caFile,
      KAFKA_TLS_CERT_FILE: kafka.secure!.client.certFile,
      KAFKA_TLS_KEY_FILE: kafka.secure!.client.keyFile,
    };
    const bus = adapterFor(env, kafka.secure!.mtls);
    try {
      expect(await roundTrip(bus, 'mtls')).toHaveLength(1);
    } finally {
      await bus.disconnect();
    }
  });

  it('is refused with a wrong password, and says it was the authentication', async () => {
    const bus = adapterFor(sasl('SCRAM-SHA-512', 'not-the-password'), kafka.secure!.saslSsl);
    await expect(bus.connect()).rejects.toThrow(/authentication failed/i);
    await bus.disconnect();
  });

  it('does not trust a broker whose certificate another CA signed', async () => {
    const stranger = createTestCa('Some other CA');
    const bus = adapterFor({ ...sasl('PLAIN'), KAFKA_TLS_CA_FILE: stranger.caFile }, kafka.secure!.saslSsl);
    await expect(bus.connect()).rejects.toThrow(/certificate/i);
    await bus.disconnect();
  });
});
