import { busMetrics, childSpan, formatTraceparent, Logger, tracePublish } from '@cairn/observability';
import { DataSource, EntityManager } from 'typeorm';
import { BusAdapter, OutgoingMessage } from './bus.adapter';
import { backoffDelay, RetryPolicy } from './retry';

/**
 * The outbox columns of messages as four arrays, for `unnest($n::text[], $n::text[], $n::bytea[], $n::jsonb[])`
 * (topic, key, value, headers), each message carrying the current trace. For statements that write to the
 * outbox as part of a larger set-based statement; addToOutbox uses it.
 */
export function outboxColumns(messages: OutgoingMessage[]): [string[], Array<string | null>, Buffer[], string[]] {
  const trace = formatTraceparent(childSpan());
  return [
    messages.map((m) => m.topic),
    messages.map((m) => m.key),
    messages.map((m) => (Buffer.isBuffer(m.value) ? m.value : Buffer.from(m.value))),
    messages.map((m) => JSON.stringify({ traceparent: trace, ...(m.headers ?? {}) })),
  ];
}

/** Writes messages to `<schema>.outbox` inside the caller's transaction. */
export async function addToOutbox(manager: EntityManager, schema: string, messages: OutgoingMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await manager.query(
    `INSERT INTO ${schema}.outbox (topic, key, value, headers)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::jsonb[])`,
    outboxColumns(messages),
  );
}

export interface OutboxRelayOptions {
  dataSource: DataSource;
  schema: string;
  bus: BusAdapter;
  logger: Logger;
  topicPrefix?: string;
  /** Most messages one pass takes from the outbox (default 2,000). */
  batchSize?: number;
  /** Most bytes (values, keys and an allowance for headers) one publish call sends; a pass publishes its batch in such sends, in order. */
  maxSendBytes?: number;
  idleMs?: number;
}

const RETRY: RetryPolicy = { attempts: Infinity, baseDelayMs: 200, maxDelayMs: 5_000 };

/**
 * Publishes committed outbox rows in id order and deletes them in the same
 * transaction, which commits once Kafka acknowledged them. A transaction-scoped advisory lock
 * keeps one relay active per schema, so replicas cannot reorder one key's
 * messages. A crash between publish and commit republishes (at-least-once);
 * consumers are idempotent.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** A nudge that came while a pass was in hand: the pass may have read the outbox before that commit. */
  private nudged = false;
  private failures = 0;

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Ask for a pass now (after a transaction that wrote to the outbox committed). */
  nudge(): void {
    if (this.wake) this.wake();
    else this.nudged = true;
  }

  /** Stops after the pass in hand and one final drain attempt. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.pass().catch(() => 0);
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.nudged = false;
      let published = 0;
      try {
        published = await this.pass();
        this.failures = 0;
      } catch (error) {
        this.failures++;
        this.options.logger.warn({ err: (error as Error).message, failures: this.failures }, 'outbox relay pass failed');
      }
      if ((published > 0 || this.nudged) && this.failures === 0) continue;
      const delay = this.failures > 0 ? backoffDelay(RETRY, Math.min(this.failures, 6)) : (this.options.idleMs ?? 250);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => (clearTimeout(timer), resolve());
      });
      this.wake = undefined;
    }
  }

  /** One relay pass; returns how many messages it published. */
  async pass(): Promise<number> {
    const { dataSource, schema, bus, topicPrefix = '', batchSize = 2_000 } = this.options;
    return dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [`${schema}.outbox`]);
      if (!locked) return 0;
      // Delete first (rolled back if the publish fails), so that after Kafka's acknowledgement only the commit
      // remains: a crash in that one round trip is the only way a batch is published twice.
      // (= ANY(ARRAY(…)) keeps the delete on the primary key: with `IN (subquery)` the planner may hash-join
      // over a sequential scan of the whole outbox, which grows with the backlog.)
      const rows: OutboxRow[] = await manager.query(
        `WITH gone AS (
           DELETE FROM ${schema}.outbox WHERE id = ANY(ARRAY(SELECT id FROM ${schema}.outbox ORDER BY id LIMIT $1))
           RETURNING id, topic, key, value, headers)
         SELECT topic, key, value, headers FROM gone ORDER BY id`,
        [batchSize],
      );
      if (rows.length === 0) {
        busMetrics.outboxPending.set({ schema }, 0);
        return 0;
      }
      for (const chunk of byteChunks(rows, this.options.maxSendBytes ?? 900_000)) {
        const topics = () => [...new Set(chunk.map((r) => topicPrefix + r.topic))].join(',');
        await tracePublish(topics, () => chunk.map((r) => r.headers.traceparent), (traceparentFor) =>
          bus.publishBatch(chunk.map((r) => ({ topic: topicPrefix + r.topic, key: r.key, value: r.value, headers: withTraceparent(r.headers, traceparentFor) }))),
        );
      }
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(r.topic, (counts.get(r.topic) ?? 0) + 1);
      for (const [topic, n] of counts) busMetrics.produced.inc({ topic }, n);
      return rows.length;
    });
  }
}

/** The row's headers with the traceparent to send (the same object when it does not change: tracing off). */
function withTraceparent(headers: Record<string, string>, traceparentFor: (tp: string | undefined) => string | undefined): Record<string, string> {
  const next = traceparentFor(headers.traceparent);
  return next === headers.traceparent || next === undefined ? headers : { ...headers, traceparent: next };
}

interface OutboxRow {
  topic: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

/** Splits rows, in order, into sends of at most `maxBytes` of values (at least one row each), under the broker's request limits. */
function* byteChunks(rows: OutboxRow[], maxBytes: number): Generator<OutboxRow[]> {
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < rows.length; i++) {
    const size = rows[i].value.length + (rows[i].key?.length ?? 0) + 200;
    if (i > start && bytes + size > maxBytes) {
      yield rows.slice(start, i);
      start = i;
      bytes = 0;
    }
    bytes += size;
  }
  yield rows.slice(start);
}
