import { CairnConfig, devWorkspace, loadConfig, WorkspaceConfig } from '@cairn/config';
import { TOPICS } from '@cairn/contracts';
import { Clock } from '@cairn/core';
import { ConsumerHandle, IncomingMessage, KafkaJsAdapter } from '@cairn/kafka';
import { RunningService, startService } from '@cairn/runtime';
import { createTestDatabase, testInfra, TestDatabase, testTopicPrefix, uniqueName } from '@cairn/testing';
import { eventsService } from '../events.service-definition';

/** A second workspace for isolation tests, with a small ingest rate for the 429 test. */
export const SHOP_B: WorkspaceConfig = {
  ...devWorkspace(),
  id: 'shop-b',
  name: 'Shop B',
  writeKeys: ['shop-b-write-key'],
  adminKeys: ['shop-b-admin-key'],
  ingestRatePerSecond: 5,
};

/** The events service config for one test file: its database, its topic prefix, two workspaces (or the given ones). */
export function eventsTestConfig(databaseUrl: string, topicPrefix: string, workspaces?: WorkspaceConfig[]): CairnConfig {
  const config = loadConfig({ service: 'events', env: { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: databaseUrl, LOG_LEVEL: 'error' } });
  const dev = { ...devWorkspace(), ingestRatePerSecond: 1_000_000 };
  return { ...config, port: 0, kafka: { ...config.kafka!, topicPrefix }, workspaces: workspaces ?? [dev, SHOP_B] };
}

export function startEvents(config: CairnConfig, clock: Clock): Promise<RunningService> {
  return startService(eventsService, config, { clock, host: '127.0.0.1' });
}

/** The events service of one describe block; `running` may be replaced (a restart on the same config). */
export interface EventsUnderTest {
  config: CairnConfig;
  running: RunningService;
  recorder: TopicRecorder;
}

/**
 * For the enclosing describe block: the events service on a database and topic
 * prefix of its own (with the dev workspace and SHOP_B, or the given
 * workspaces), with a recorder of what it publishes; everything is stopped and
 * dropped afterwards.
 */
export function useEventsService(clock: Clock, workspaces?: WorkspaceConfig[]): EventsUnderTest {
  const events = {} as EventsUnderTest;
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    const prefix = testTopicPrefix();
    events.config = eventsTestConfig(db.url, prefix, workspaces);
    events.running = await startEvents(events.config, clock);
    events.recorder = new TopicRecorder(prefix);
    await events.recorder.start();
  });
  afterAll(async () => {
    await events.recorder?.stop();
    await events.running?.stop();
    await db?.drop();
  });
  return events;
}

/** Records everything published to the events and catalog topics of one prefix. */
export class TopicRecorder {
  readonly messages: IncomingMessage[] = [];
  private readonly adapter: KafkaJsAdapter;
  private handle?: ConsumerHandle;

  constructor(
    private readonly prefix: string,
    brokers = testInfra().kafkaBrokers,
  ) {
    this.adapter = new KafkaJsAdapter({ brokers: [brokers], clientId: 'events-test' });
  }

  async start(): Promise<void> {
    this.handle = await this.adapter.consumeBatch({
      groupId: uniqueName('events-test-'),
      topics: [this.prefix + TOPICS.events, this.prefix + TOPICS.catalogEvents],
      fromBeginning: true,
      handler: async (batch) => void this.messages.push(...batch.messages),
      onCrash: (error) => {
        throw error;
      },
    });
  }

  values<T = Record<string, unknown>>(topic: string = TOPICS.events): T[] {
    return this.messages.filter((m) => m.topic === this.prefix + topic).map((m) => JSON.parse(m.value.toString('utf8')) as T);
  }

  byMessageId(topic: string = TOPICS.events): Map<string, IncomingMessage[]> {
    const out = new Map<string, IncomingMessage[]>();
    for (const m of this.messages.filter((x) => x.topic === this.prefix + topic)) {
      const id = (JSON.parse(m.value.toString('utf8')) as { messageId: string }).messageId;
      out.set(id, [...(out.get(id) ?? []), m]);
    }
    return out;
  }

  async stop(): Promise<void> {
    await this.handle?.stop();
    await this.adapter.disconnect();
  }
}

export interface PostOptions {
  key?: string | null;
  basic?: boolean;
  headers?: Record<string, string>;
}

/** POSTs a JSON body (or raw bytes) with a write key, the way SDKs do. */
export async function post(
  baseUrl: string,
  path: string,
  body: unknown,
  options: PostOptions = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const key = options.key === undefined ? 'dev-write-key' : options.key;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (key !== null) headers.authorization = options.basic ? `Basic ${Buffer.from(`${key}:`).toString('base64')}` : `Bearer ${key}`;
  const payload = Buffer.isBuffer(body) ? new Uint8Array(body) : typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(baseUrl + path, { method: 'POST', headers, body: payload });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: response.headers };
}
