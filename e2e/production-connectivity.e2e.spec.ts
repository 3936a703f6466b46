import { readFileSync } from 'node:fs';
import { cacheRoot, LocalKafka, OtlpReceiver, spawnService, startLocalKafka, startOtlpReceiver, startTlsPostgres, TlsPostgres, waitFor } from '@cairn/testing';
import { Client } from 'pg';
import { CHANNEL, sendStep } from './scenarios/scenario';
import { WorkspaceApi } from './support/api';
import { Stack, startDistributed } from './support/stack';
import { scenarioWorkspace } from './support/workspaces';

/**
 * The four services as separate processes the way a production deployment
 * connects them: Kafka over SASL_SSL (SCRAM-SHA-512, a CA file), Postgres
 * over TLS (sslmode=verify-full with a CA file; plain TCP is rejected), and
 * OpenTelemetry traces exported over OTLP/HTTP to a receiver of this file.
 * Broker, Postgres, certificates and receiver are this file's own.
 */
const user = { username: 'cairn-svc', password: 'svc-password-7' };
const workspace = scenarioWorkspace('secured');

describe('production connectivity: SASL_SSL Kafka, TLS Postgres, OTLP traces', () => {
  let kafka: LocalKafka;
  let pg: TlsPostgres;
  let receiver: OtlpReceiver;
  let stack: Stack;
  let kafkaEnv: Record<string, string>;

  beforeAll(async () => {
    [kafka, pg, receiver] = await Promise.all([
      startLocalKafka(cacheRoot(), () => undefined, { secure: { users: [user] } }),
      startTlsPostgres(),
      startOtlpReceiver(),
    ]);
    kafkaEnv = {
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: user.username,
      KAFKA_SASL_PASSWORD: user.password,
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_FILE: kafka.secure!.caFile,
    };
    stack = await startDistributed([workspace], {
      kafkaBrokers: kafka.secure!.saslSsl,
      kafkaSecurity: {
        sasl: { mechanism: 'scram-sha-512', ...user },
        tls: { ca: readFileSync(kafka.secure!.caFile, 'utf8') },
      },
      databaseAdminUrl: pg.url,
      env: { ...kafkaEnv, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=e2e' },
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await Promise.all([kafka?.stop(), pg?.stop(), receiver?.stop()]);
  });

  it('an event travels events → segments → journeys → messaging over SASL_SSL, in one trace', async () => {
    const api = new WorkspaceApi(stack, workspace);
    await api.channel(CHANNEL);
    await api.template('welcome-viewer', 'thanks for looking', 'transactional');
    await api.segment({ key: 'viewers', name: 'Viewed a product', condition: { event: 'Product Viewed', count: { min: 1 }, within: '7d' } });
    await api.journey({
      key: 'viewer-welcome',
      name: 'Viewer welcome',
      entry: { segment: 'viewers', on: 'enter' },
      reentry: { mode: 'once' },
      exitOn: [],
      holdout: 0,
      start: 'send',
      steps: { send: sendStep('welcome-viewer', 'transactional') },
    });
    await api.track('ada', 'Product Viewed', { productId: 'P-1' });

    const [message] = await api.waitForMessages('ada', (m) => m.length === 1, 'the message the event led to', 60_000);
    expect(message).toMatchObject({ journey: 'viewer-welcome', status: 'SENT', content: { text: 'thanks for looking' } });

    // The spans of POST /v1/track and of everything it caused share its trace id.
    const track = await waitFor(
      () =>
        receiver.spans().find((s) => s.service === 'cairn-events' && s.kind === 2 && Object.values(s.attributes).some((v) => String(v).endsWith('/v1/track'))),
      { timeoutMs: 30_000, what: 'the server span of POST /v1/track' },
    );
    const trace = () => receiver.spans().filter((s) => s.traceId === track.traceId);
    const consumers = (service: string) => trace().filter((s) => s.service === service && s.kind === 5);
    await waitFor(() => ['cairn-segments', 'cairn-journeys', 'cairn-messaging'].every((s) => consumers(s).length > 0), {
      timeoutMs: 30_000,
      what: `consumer spans of segments, journeys and messaging in trace ${track.traceId} (has ${JSON.stringify(trace().map((s) => [s.service, s.name]))})`,
    });
    // Every span of the trace hangs off another span of it: one tree from the HTTP request down. Each process exports
    // its spans in its own batches, so a parent may arrive after its child: the tree is complete once none is missing.
    const orphans = () => {
      const ids = new Set(trace().map((s) => s.spanId));
      return trace()
        .filter((s) => s.parentSpanId && !ids.has(s.parentSpanId))
        .map((s) => [s.service, s.name]);
    };
    await waitFor(
      () => {
        if (orphans().length > 0) throw new Error(`no parent in the trace for ${JSON.stringify(orphans())}`);
        return true;
      },
      { timeoutMs: 30_000, what: `every parent span of trace ${track.traceId}` },
    );
    const spans = trace();
    expect(spans.filter((s) => s.kind === 4).map((s) => s.service)).toEqual(expect.arrayContaining(['cairn-events', 'cairn-segments', 'cairn-journeys']));
    expect(spans.some((s) => s.service === 'cairn-events' && s.kind === 3 && JSON.stringify(s.attributes).includes('postgres'))).toBe(true);
  });

  it('every service connection to Postgres is encrypted', async () => {
    const client = new Client({ connectionString: pg.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT a.application_name AS app, s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.application_name LIKE 'cairn-%'`,
      );
      expect(new Set(rows.map((r) => r.app))).toEqual(new Set(['cairn-events', 'cairn-segments', 'cairn-journeys', 'cairn-messaging']));
      expect(rows.every((r) => r.ssl === true)).toBe(true);
    } finally {
      await client.end();
    }
  });

  it('with a wrong Kafka password a service stays up and not ready, and says why once per retry interval', async () => {
    const service = await spawnService({
      service: 'segments',
      waitReady: false,
      env: {
        ...kafkaEnv,
        KAFKA_SASL_PASSWORD: 'not-the-password',
        KAFKA_BROKERS: kafka.secure!.saslSsl,
        DATABASE_URL: stack.databaseUrl!,
        LOG_LEVEL: 'warn',
      },
    });
    try {
      const complaints = () =>
        service
          .output()
          .split('\n')
          .filter((l) => l.includes('cannot connect to Kafka'));
      await waitFor(() => complaints().length >= 2, { timeoutMs: 60_000, what: `two connection attempts logged (output: ${service.output().slice(-1500)})` });
      expect(complaints()[0]).toMatch(/authentication failed/i);
      expect(service.child.exitCode).toBeNull();
      const ready = await fetch(`${service.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { checks: Record<string, string> }).checks).toMatchObject({ database: 'ok', kafka: 'failing' });
    } finally {
      await service.stop();
    }
  });
});
