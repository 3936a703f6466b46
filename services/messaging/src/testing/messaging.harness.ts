import { loadConfig, ServiceUrls, WorkspaceConfig } from '@cairn/config';
import { dlqTopic, MessageOutcome, MessageRequest, messageRequestKey, TOPICS } from '@cairn/contracts';
import { ManualClock } from '@cairn/core';
import { ConsumerHandle, KafkaJsAdapter } from '@cairn/kafka';
import { RunningService, startService } from '@cairn/runtime';
import { createTestDatabase, TestDatabase, testInfra, testTopicPrefix, waitFor } from '@cairn/testing';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { messagingService } from '../messaging.service-definition';

// Response bodies are asserted field by field; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const ADMIN = { authorization: 'Bearer dev-admin-key', 'content-type': 'application/json' };
export const WEBHOOK_SECRET = 'a-webhook-secret-of-some-length';

export interface Received {
  path: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One in-process messaging service on the real Kafka broker and a fresh
 * Postgres database, with a manual clock, an HTTP provider on loopback (each
 * path answers `statusOf[path]`, default 200, with `bodyOf[path]`, default
 * `{}`) and a reader collecting every outcome.
 */
export class MessagingHarness {
  readonly received: Received[] = [];
  readonly outcomes: MessageOutcome[] = [];
  readonly statusOf: Record<string, number> = {};
  /** The body each path answers (default `{}`). */
  readonly bodyOf: Record<string, string> = {};
  /** Message requests the service dead-lettered, with their headers. */
  readonly deadLetters: Array<{ value: MessageRequest; headers: Record<string, string> }> = [];
  service!: RunningService;
  port = 0;
  private db!: TestDatabase;
  private server!: Server;
  private readonly prefix = testTopicPrefix();
  private readonly kafka = new KafkaJsAdapter({ brokers: [testInfra().kafkaBrokers], clientId: 'messaging-test' });
  private reader?: ConsumerHandle;
  private dlqReader?: ConsumerHandle;
  private sequence = 0;

  /**
   * `workspaces`: more workspaces beside the dev one (their API is called with `call(..., adminKey)`);
   * `services`: where the other services answer (a segments stand-in).
   */
  constructor(
    readonly clock: ManualClock,
    private readonly workspaces: WorkspaceConfig[] = [],
    private readonly services: () => ServiceUrls = () => ({}),
  ) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const status = this.statusOf[req.url ?? ''] ?? 200;
        this.received.push({ path: req.url ?? '', status, headers: req.headers, body });
        res.writeHead(status, { 'content-type': 'application/json' }).end(this.bodyOf[req.url ?? ''] ?? '{}');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.db = await createTestDatabase();
    const config = loadConfig({ service: 'messaging', env: { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: this.db.url, LOG_LEVEL: 'error' } });
    const kafka = { ...config.kafka!, topicPrefix: this.prefix };
    // The loopback provider is reachable because the operator opens 127.0.0.1 and each channel lists it.
    const egress = { allowPrivate: ['127.0.0.1'] };
    const workspaces = [...config.workspaces, ...this.workspaces];
    const services = this.services();
    this.service = await startService(messagingService, { ...config, port: 0, kafka, egress, workspaces, services }, { clock: this.clock, host: '127.0.0.1' });
    await this.kafka.connect();
    this.reader = await this.kafka.consumeBatch({
      groupId: `${this.prefix}reader`,
      topics: [this.prefix + TOPICS.messageOutcomes],
      onCrash: () => undefined,
      handler: async (batch) => void this.outcomes.push(...batch.messages.map((m) => JSON.parse(m.value.toString()) as MessageOutcome)),
    });
    this.dlqReader = await this.kafka.consumeBatch({
      groupId: `${this.prefix}dlq-reader`,
      topics: [dlqTopic(this.prefix + TOPICS.messageRequests)],
      onCrash: () => undefined,
      handler: async (batch) =>
        void this.deadLetters.push(
          ...batch.messages.map((m) => ({
            value: JSON.parse(m.value.toString()) as MessageRequest,
            headers: m.headers,
          })),
        ),
    });
  }

  async stop(): Promise<void> {
    await this.reader?.stop();
    await this.dlqReader?.stop();
    await this.kafka.disconnect();
    await this.service?.stop();
    await new Promise((resolve) => this.server?.close(resolve));
    await this.db?.drop();
  }

  async call(method: string, path: string, body?: unknown, adminKey?: string): Promise<{ status: number; json: Json }> {
    const headers = adminKey ? { ...ADMIN, authorization: `Bearer ${adminKey}` } : ADMIN;
    const res = await fetch(`${this.service.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  /** A webhook channel to `path` on the loopback provider (in the workspace of `adminKey`, default dev). */
  async webhook(key: string, path: string, extra: Record<string, unknown> = {}, adminKey?: string): Promise<void> {
    const config = { url: `http://127.0.0.1:${this.port}${path}`, secret: WEBHOOK_SECRET, allowedAddresses: ['127.0.0.1'], ...extra };
    const created = await this.call('POST', '/v1/channels', { key, type: 'webhook', config }, adminKey);
    if (created.status !== 201) throw new Error(`channel ${key}: ${JSON.stringify(created.json)}`);
  }

  request(userId: string, overrides: Partial<MessageRequest> = {}): MessageRequest {
    this.sequence++;
    return {
      v: 1,
      workspaceId: 'dev',
      userId,
      idempotencyKey: `run-${userId}-${this.sequence}:send:1`,
      journey: { key: 'welcome', version: 1, runId: `run-${userId}`, step: 'send' },
      channel: 'hook',
      template: 'promo',
      category: 'promotional',
      context: { user: { name: userId } },
      requestedAt: this.clock.now().toISOString(),
      ...overrides,
    };
  }

  async publish(requests: MessageRequest[]): Promise<void> {
    await this.kafka.publishBatch(
      requests.map((r) => ({
        topic: this.prefix + TOPICS.messageRequests,
        key: messageRequestKey(r),
        value: JSON.stringify(r),
      })),
    );
  }

  /** The user's delivery log, newest first (in the workspace of `adminKey`, default dev). */
  async log(userId: string, adminKey?: string): Promise<Json[]> {
    return (await this.call('GET', `/v1/messages?userId=${userId}&limit=1000`, undefined, adminKey)).json.messages;
  }

  /** Waits until the user has `count` messages, none PENDING or SENDING. */
  async settled(userId: string, count: number, adminKey?: string): Promise<Json[]> {
    return waitFor(
      async () => {
        const entries = await this.log(userId, adminKey);
        return entries.length === count && entries.every((e) => !['PENDING', 'SENDING'].includes(e.status)) ? entries : undefined;
      },
      { timeoutMs: 30_000, what: `${count} settled messages for ${userId}` },
    );
  }

  /** Provider calls that carried this idempotency key (optionally only those answered `status`). */
  hitsFor(key: string, status?: number): Received[] {
    return this.received.filter((r) => r.headers['idempotency-key'] === key && (status === undefined || r.status === status));
  }

  /** The `consumer` field of /health/ready: `paused` or `running`. */
  async consumerState(): Promise<string> {
    return ((await (await fetch(`${this.service.url}/health/ready`)).json()) as { consumer: string }).consumer;
  }
}
