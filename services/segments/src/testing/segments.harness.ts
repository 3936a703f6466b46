import { devWorkspace, loadConfig, type CairnConfig, type WorkspaceConfig } from '@cairn/config';
import { eventKey, TOPICS, type BehaviourEvent, type IdentityLink, type MembershipChange } from '@cairn/contracts';
import { ManualClock } from '@cairn/core';
import { KafkaJsAdapter, type ConsumerHandle } from '@cairn/kafka';
import { startService, type RunningService } from '@cairn/runtime';
import { createTestDatabase, testInfra, testTopicPrefix, waitFor, type TestDatabase } from '@cairn/testing';
import { randomUUID } from 'node:crypto';
import { segmentsService } from '../segments.service-definition';

export const ADMIN = { authorization: 'Bearer dev-admin-key', 'content-type': 'application/json' };

/**
 * One in-process segments service on the real Kafka broker and a fresh
 * Postgres database, with a manual clock, a producer for test events and a
 * reader collecting every message of the membership topic.
 */
export class SegmentsHarness {
  readonly clock = new ManualClock(Date.UTC(2026, 10, 2, 10, 0, 0));
  readonly changes: MembershipChange[] = [];
  /** The identity merges published on cairn.identity-links.v1. */
  readonly links: IdentityLink[] = [];
  service!: RunningService;
  private db!: TestDatabase;
  private prefix = testTopicPrefix();
  private kafka = new KafkaJsAdapter({ brokers: [testInfra().kafkaBrokers], clientId: 'segments-test' });
  private reader?: ConsumerHandle;

  /** `workspaces`: the configured workspaces (default: the dev workspace only); `config`: other settings to override. */
  constructor(private readonly options: { workspaces?: WorkspaceConfig[]; config?: Partial<CairnConfig> } = {}) {}

  async start(): Promise<void> {
    this.db = await createTestDatabase();
    await this.kafka.connect();
    await this.kafka.ensureTopics([
      { topic: this.prefix + TOPICS.events, partitions: 3 },
      { topic: this.prefix + TOPICS.segmentMembership, partitions: 3 },
      { topic: this.prefix + TOPICS.identityLinks, partitions: 3 },
      { topic: this.prefix + TOPICS.userErasures, partitions: 3 },
    ]);
    await this.boot();
    this.reader = await this.kafka.consumeBatch({
      groupId: `${this.prefix}reader`,
      topics: [this.prefix + TOPICS.segmentMembership, this.prefix + TOPICS.identityLinks],
      handler: async (batch) => {
        const values = batch.messages.map((m) => JSON.parse(m.value.toString()) as unknown);
        if (batch.topic === this.prefix + TOPICS.identityLinks) this.links.push(...(values as IdentityLink[]));
        else this.changes.push(...(values as MembershipChange[]));
      },
      onCrash: () => undefined,
    });
  }

  /** Stops the service and starts a new one on the same database, topics and clock. */
  async restart(): Promise<void> {
    await this.service.stop();
    await this.boot();
  }

  private async boot(): Promise<void> {
    const config = loadConfig({ service: 'segments', env: { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: this.db.url, LOG_LEVEL: 'warn' } });
    const workspaces = this.options.workspaces ?? config.workspaces;
    this.service = await startService(
      segmentsService,
      { ...config, ...this.options.config, workspaces, port: 0, kafka: { ...config.kafka!, topicPrefix: this.prefix } },
      { clock: this.clock, host: '127.0.0.1' },
    );
  }

  async stop(): Promise<void> {
    await this.reader?.stop();
    await this.service?.stop();
    await this.kafka.disconnect();
    await this.db?.drop();
  }

  api(path: string, init: { method?: string; body?: unknown; adminKey?: string } = {}): Promise<Response> {
    return fetch(`${this.service.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { ...ADMIN, ...(init.adminKey && { authorization: `Bearer ${init.adminKey}` }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  }

  /** A query on the service's database (test set-up and inspection only). */
  sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    return this.service.platform.dataSource.query(query, params);
  }

  /** Waits until `count` sessions of this database wait on a lock (to interleave transactions deterministically). */
  async waitForLockWaiters(count: number): Promise<void> {
    await waitFor(
      async () => {
        const [row] = await this.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return row.n >= count;
      },
      { timeoutMs: 10_000, what: `${count} transactions waiting on a lock` },
    );
  }

  /** A track event as the events service publishes it, stamped at the clock's now unless `at` says otherwise. */
  track(userId: string, event: string, properties: Record<string, unknown> = {}, at?: number, workspaceId = 'dev'): BehaviourEvent {
    const now = this.clock.now().toISOString();
    return {
      v: 1,
      workspaceId,
      messageId: randomUUID(),
      type: 'track',
      userId,
      event,
      properties,
      timestamp: at === undefined ? now : new Date(at).toISOString(),
      receivedAt: now,
    };
  }

  /** The same event sent by an anonymous visitor (anonymousId only). */
  anonymous(event: BehaviourEvent): BehaviourEvent {
    const { userId, ...rest } = event;
    return { ...rest, anonymousId: userId };
  }

  /** An `identify` linking `anonymousId` to `userId`. */
  identify(userId: string, anonymousId: string, traits: Record<string, unknown> = {}): BehaviourEvent {
    const { event: _event, properties: _properties, ...rest } = this.track(userId, 'ignored');
    return { ...rest, type: 'identify', anonymousId, traits };
  }

  /** An `alias` merging `previousId` into `userId`. */
  alias(previousId: string, userId: string): BehaviourEvent {
    const { event: _event, properties: _properties, ...rest } = this.track(userId, 'ignored');
    return { ...rest, type: 'alias', previousId };
  }

  async publish(...events: BehaviourEvent[]): Promise<void> {
    await this.kafka.publishBatch(events.map((e) => ({ topic: this.prefix + TOPICS.events, key: eventKey(e), value: JSON.stringify(e) })));
  }

  changesOf(userId: string, segmentKey?: string): MembershipChange[] {
    return this.changes.filter((c) => c.userId === userId && (segmentKey === undefined || c.segmentKey === segmentKey));
  }

  async waitForChanges(userId: string, count: number, segmentKey?: string): Promise<MembershipChange[]> {
    return waitFor(() => (this.changesOf(userId, segmentKey).length >= count ? this.changesOf(userId, segmentKey) : undefined), {
      timeoutMs: 20_000,
      what: `${count} membership changes of ${userId}${segmentKey ? ` in ${segmentKey}` : ''}`,
    });
  }

  /** Waits until the service has stored this many occurrences of `event` for the user (via explain). */
  async waitForStored(userId: string, segmentKey: string, predicate: (segment: Record<string, unknown>) => boolean): Promise<void> {
    await waitFor(
      async () => {
        const body = (await (await this.api(`/v1/users/${userId}/segments?explain=true`)).json()) as { segments: Array<Record<string, unknown>> };
        const segment = body.segments.find((s) => s.key === segmentKey);
        return segment !== undefined && predicate(segment);
      },
      { timeoutMs: 20_000, what: `stored state of ${userId}` },
    );
  }

  /** The evaluations counter for a cause, read from /metrics. */
  async evaluations(cause: 'event' | 'time' | 'backfill'): Promise<number> {
    const text = await (await fetch(`${this.service.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`cairn_segments_evaluations_total{cause="${cause}"}`));
    return line ? Number(line.split(' ').pop()) : 0;
  }
}

export const FLAGSHIP = {
  key: 'flagship-hot',
  name: 'Viewed the flagship 3-5 times this week and did not order',
  condition: {
    all: [
      { event: 'Product Viewed', where: { productId: 'P-100' }, count: { min: 3, max: 5 }, within: '7d' },
      { not: { event: 'Order Completed', within: '7d' } },
    ],
  },
};

/** A second workspace, for isolation tests. */
export function otherWorkspace(): WorkspaceConfig {
  return { ...devWorkspace(), id: 'acme', name: 'Acme', writeKeys: ['acme-write-key'], adminKeys: ['acme-admin-key'] };
}
