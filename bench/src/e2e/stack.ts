import { TOPICS } from '@cairn/contracts';
import { createTestDatabase, ServiceProcess, TestDatabase } from '@cairn/testing';
import { Client } from 'pg';
import { BenchInfra, ServiceName } from '../infra';
import { progress } from '../report';
import { Delivery, WebhookSink } from '../sink';

export interface E2eWorkspace {
  id: string;
  writeKey: string;
  adminKey: string;
}

/** A workspace of the end-to-end stack, with keys of its own. */
export function e2eWorkspace(id: string): E2eWorkspace {
  return { id, writeKey: `${id}-write-key`, adminKey: `${id}-admin-key` };
}

/** Unique deliveries per workspace and the arrival instant of each event's message (by seq). */
export class DeliveryTracker {
  private readonly keys = new Map<string, Set<string>>();
  readonly arrivedUs = new Map<number, number>();

  constructor(sink: WebhookSink) {
    sink.onDelivery = (d) => this.record(d);
  }

  private record(d: Delivery): void {
    const ws = String(d.body.workspaceId);
    const keys = this.keys.get(ws) ?? new Set<string>();
    this.keys.set(ws, keys);
    keys.add(String(d.body.idempotencyKey));
    const seq = /bench-seq-(\d+)/.exec(JSON.stringify(d.body.content ?? ''))?.[1];
    if (seq !== undefined && !this.arrivedUs.has(Number(seq))) this.arrivedUs.set(Number(seq), d.atUs);
  }

  count(workspaceId: string): number {
    return this.keys.get(workspaceId)?.size ?? 0;
  }
}

const SERVICES: ServiceName[] = ['events', 'segments', 'journeys', 'messaging'];

/**
 * The four services as separate processes on a database and a topic prefix of
 * their own (so the end-to-end phases neither see nor leave state for the
 * other phases), with one workspace per configuration and a sink of its own.
 */
export class E2eStack {
  readonly services = new Map<ServiceName, ServiceProcess>();
  readonly sink = new WebhookSink();
  readonly tracker = new DeliveryTracker(this.sink);

  private constructor(
    readonly infra: BenchInfra,
    readonly db: TestDatabase,
    readonly prefix: string,
    readonly workspaces: E2eWorkspace[],
  ) {}

  static async start(infra: BenchInfra, workspaces: E2eWorkspace[]): Promise<E2eStack> {
    const stack = new E2eStack(infra, await createTestDatabase(infra.infra.databaseUrl), infra.prefix('e2e'), workspaces);
    await infra.createTopics(stack.prefix, [TOPICS.events, TOPICS.catalogEvents, TOPICS.segmentMembership, TOPICS.messageRequests, TOPICS.messageOutcomes]);
    await stack.sink.start();
    const config = workspaces.map((w) => ({
      id: w.id,
      name: w.id,
      writeKeys: [w.writeKey],
      adminKeys: [w.adminKey],
      timezone: 'UTC',
      compliance: 'none',
      ingestRatePerSecond: 10_000_000,
    }));
    // Together, as the e2e suite starts them: each migrates a schema of its own.
    const started = await Promise.allSettled(SERVICES.map((name) => infra.spawn(name, stack.prefix, { databaseUrl: stack.db.url, workspaces: config })));
    started.forEach((r, i) => r.status === 'fulfilled' && stack.services.set(SERVICES[i], r.value));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await stack.stop();
      throw failed.reason;
    }
    progress(`  e2e: ${SERVICES.map((n) => `${n} (pid ${stack.services.get(n)!.child.pid})`).join(', ')} up`);
    return stack;
  }

  url(name: ServiceName): string {
    return this.services.get(name)!.url;
  }

  /** Runs one SQL statement on the stack's database. */
  async sql(text: string, values: unknown[] = []): Promise<void> {
    const client = new Client({ connectionString: this.db.url });
    await client.connect();
    try {
      await client.query(text, values);
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    for (const proc of this.services.values()) await proc.stop().catch(() => undefined);
    this.services.clear();
    await this.sink.stop();
    await this.db.drop().catch(() => undefined);
  }
}
