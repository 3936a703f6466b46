import { ITEM_KEYED_TOPICS } from '@cairn/contracts';
import { PollingLoop } from '@cairn/core';
import { recordFailure } from '@cairn/db';
import { busMetrics, childSpan, formatTraceparent, Logger, tracePublish, workMetrics } from '@cairn/observability';
import { DataSource, EntityManager } from 'typeorm';
import { BusAdapter, OutgoingMessage } from './bus.adapter';
import { byteChunks, byteLength, MAX_SEND_BYTES } from './byte-chunks';
import { isRefusedMessage } from './refusal';
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
  /**
   * Largest message (value, key and headers) the relay hands to the bus (default 1,000,000 bytes, under
   * Kafka's default `message.max.bytes`); a larger one is parked at once instead of being refused by the broker.
   */
  maxMessageBytes?: number;
  /**
   * Whether stop() makes a last pass (default true). Off for a bus that keeps
   * nothing (the all-in-one's in-process bus): what is still in the outbox
   * then stays there, in the database, and is published after the next start.
   */
  drainOnStop?: boolean;
}

/** The ledger kind of outbox messages the bus refused (libs/db failed_work). */
export const OUTBOX_WORK_KIND = 'outbox';

const RETRY: RetryPolicy = { attempts: Infinity, baseDelayMs: 200, maxDelayMs: 5_000 };

/** How soon a relay that found another replica's relay at work tries again (ms). */
const CONTENDED_RETRY_MS = 20;

/**
 * Publishes committed outbox rows in id order and deletes them in the same
 * transaction, which commits once Kafka acknowledged them. A transaction-scoped advisory lock
 * keeps one relay active per schema, so replicas cannot reorder one key's
 * messages. A crash between publish and commit republishes (at-least-once);
 * consumers are idempotent.
 *
 * A message the bus refuses for what it is (too large, an invalid record:
 * `isRefusedMessage`) would be refused on every attempt, so it is parked at
 * once in the failure ledger with its topic, key, value and headers, and the
 * rest go on; an operator can put it back with `/v1/parked/<service>`. Any
 * other failure (the broker away) fails the pass, which is tried again with
 * backoff, and publishes nothing twice.
 */
export class OutboxRelay {
  /** Whether the last pass found the lock held by another replica's relay. */
  private contended = false;
  // A pass goes again at once only when it took a whole batch (more may be waiting). Rows committed during a pass
  // wake the loop (nudge), and the ones before it were all taken, so an empty pass after every pass would only cost
  // a transaction: at low rates, where each event is a batch of its own, that was half the relay's passes. A relay
  // that found the lock held tries again soon: the holder may not take the rows this replica committed meanwhile.
  private readonly loop = new PollingLoop({
    pass: async () => {
      const { taken, locked } = await this.passOnce();
      this.contended = !locked;
      return taken >= this.batchSize;
    },
    idleDelay: () => (this.contended ? CONTENDED_RETRY_MS : (this.options.idleMs ?? 250)),
    failureDelay: (failures) => backoffDelay(RETRY, Math.min(failures, 6)),
    onError: (error, failures) => this.options.logger.warn({ err: (error as Error).message, failures }, 'outbox relay pass failed'),
  });

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    this.loop.start();
  }

  /** Ask for a pass now (after a transaction that wrote to the outbox committed). */
  nudge(): void {
    this.loop.wake();
  }

  /** Stops after the pass in hand and one final drain attempt (unless drainOnStop is off). */
  async stop(): Promise<void> {
    if (!this.loop.isRunning) return;
    await this.loop.stop();
    if (this.options.drainOnStop !== false) await this.pass().catch(() => 0);
  }

  /** Rows waiting in the outbox now. */
  async pending(): Promise<number> {
    const [{ n }] = await this.options.dataSource.query(`SELECT count(*)::int AS n FROM ${this.options.schema}.outbox`);
    return Number(n);
  }

  protected get batchSize(): number {
    return this.options.batchSize ?? 2_000;
  }

  /** One relay pass; returns how many messages it took from the outbox (published, or parked when refused). */
  async pass(): Promise<number> {
    return (await this.passOnce()).taken;
  }

  /** One pass: how many rows it took, and whether it held the lock (false: another replica's relay was at work). */
  protected async passOnce(): Promise<{ taken: number; locked: boolean }> {
    const runner = this.options.dataSource.createQueryRunner();
    const client = (await runner.connect()) as RawClient;
    try {
      // One round trip opens the transaction and takes the rows: BEGIN and the claim go as one simple-protocol
      // query (its values are literals), since a parameterised statement must go alone. Then, once Kafka
      // acknowledged the rows, the commit. At low rates each pass carries an event or two: at 100 events/s the four
      // relays made 2.7 passes an event, so two round trips a pass instead of three (BEGIN, claim, COMMIT) took 2.7
      // of about 34 round trips an event off the end-to-end path.
      const answer = (await client.query(`BEGIN; ${claimStatement(this.options.schema, this.batchSize)}`)) as ClaimAnswer | ClaimAnswer[];
      // node-postgres answers each statement of the query; the embedded database's pool only the last.
      const claimed = Array.isArray(answer) ? answer[answer.length - 1] : answer;
      const outcome = await this.relay(runner.manager, claimed.rows);
      await client.query('COMMIT');
      if (outcome.locked) await this.reportLeftBehind(runner.manager, outcome.taken, claimed.rows);
      return outcome;
    } catch (error) {
      // The transaction rolls back: nothing is deleted, the next pass publishes the rows again. (A client whose
      // connection broke was released with its error already, which keeps the pool from reusing it.)
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      if (!runner.isReleased) await runner.release();
    }
  }

  /** Publishes (or parks) the claimed rows inside the claim's transaction. */
  private async relay(manager: EntityManager, result: ClaimedRow[]): Promise<{ taken: number; locked: boolean }> {
    if (!result[0].locked) return { taken: 0, locked: false };
    const rows = result.filter((r): r is { locked: boolean } & OutboxRow => r.id !== null);
    if (rows.length === 0) return { taken: 0, locked: true };
    const maxMessageBytes = this.options.maxMessageBytes ?? 1_000_000;
    const parked = new Set<OutboxRow>();
    for (const row of rows) {
      if (messageBytes(row) <= maxMessageBytes) continue;
      await this.park(manager, row, `message of ${messageBytes(row)} bytes is larger than the ${maxMessageBytes} bytes the relay sends`);
      parked.add(row);
    }
    const fitting = rows.filter((r) => !parked.has(r));
    for (const chunk of byteChunks(fitting, this.options.maxSendBytes ?? MAX_SEND_BYTES)) {
      for (const row of await this.publish(manager, chunk)) parked.add(row);
    }
    const counts = new Map<string, number>();
    for (const r of rows) if (!parked.has(r)) counts.set(r.topic, (counts.get(r.topic) ?? 0) + 1);
    for (const [topic, n] of counts) busMetrics.produced.inc({ topic }, n);
    return { taken: rows.length, locked: true };
  }

  /**
   * What a committed pass left in the outbox, to the gauge. Less than a batch: nothing (it took every row its
   * snapshot saw). A whole batch: the ids after its last row (the claim returns them in order) up to the outbox's last
   * id; ids skipped by rolled-back transactions count too, so it is an upper bound, and counting the rows would read
   * the whole backlog on every pass. max(id) is not asked after a smaller pass: with the outbox emptied it would step
   * over every entry the deletes left in the index until vacuum. A failure leaves the gauge as it was.
   */
  private async reportLeftBehind(manager: EntityManager, taken: number, claimed: ClaimedRow[]): Promise<void> {
    const { schema } = this.options;
    if (taken < this.batchSize) {
      busMetrics.outboxPending.set({ schema }, 0);
      return;
    }
    try {
      const [{ last }]: Array<{ last: string | null }> = await manager.query(`SELECT max(id) AS last FROM ${schema}.outbox`);
      const lastTaken = claimed[claimed.length - 1].id!;
      busMetrics.outboxPending.set({ schema }, last === null ? 0 : Math.max(0, Number(last) - Number(lastTaken)));
    } catch {
      // The next pass tries again; the messages are published and committed either way.
    }
  }

  /** Publishes rows in order; when the bus refuses the send for a message's sake, finds and parks the refused ones. */
  private async publish(manager: EntityManager, chunk: OutboxRow[]): Promise<OutboxRow[]> {
    const prefix = this.options.topicPrefix ?? '';
    const send = (rows: OutboxRow[]) =>
      tracePublish(
        () => [...new Set(rows.map((r) => prefix + r.topic))].join(','),
        () => rows.map((r) => r.headers.traceparent),
        (traceparentFor) =>
          this.options.bus.publishBatch(
            rows.map((r) => ({ topic: prefix + r.topic, key: r.key, value: r.value, headers: withTraceparent(r.headers, traceparentFor) })),
          ),
      );
    try {
      await send(chunk);
      return [];
    } catch (error) {
      if (!isRefusedMessage(error)) throw error;
    }
    const parked: OutboxRow[] = [];
    for (const row of chunk) {
      try {
        await send([row]);
      } catch (error) {
        if (!isRefusedMessage(error)) throw error;
        await this.park(manager, row, `the bus refused the message: ${(error as Error).message}`);
        parked.push(row);
      }
    }
    return parked;
  }

  private park(manager: EntityManager, row: OutboxRow, reason: string): Promise<void> {
    return parkOutboxMessage(manager, this.options.schema, row, reason, this.options.logger);
  }
}

/**
 * Moves a message the bus will never take from the outbox (it was deleted in this transaction) to the failure
 * ledger, parked at once, where `requeueOutboxMessage` can put it back.
 */
export async function parkOutboxMessage(manager: EntityManager, schema: string, row: OutboxRow, reason: string, logger: Logger): Promise<void> {
  const workspaceId = row.key?.includes(':') ? row.key.slice(0, row.key.indexOf(':')) : null;
  const payload = { topic: row.topic, key: row.key, value: Buffer.from(row.value).toString('base64'), headers: row.headers };
  await recordFailure(manager, schema, { kind: OUTBOX_WORK_KIND, item: String(row.id), workspaceId, reason, payload }, new Date(), PARK_AT_ONCE);
  workMetrics.failures.inc({ schema, kind: OUTBOX_WORK_KIND, outcome: 'parked' });
  logger.error({ schema, topic: row.topic, id: String(row.id), workspaceId, bytes: messageBytes(row), reason }, 'outbox message parked: the bus refuses it');
}

/** A refused message fails the same way every time: parked on its first failure. */
const PARK_AT_ONCE = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

/** Puts a parked outbox message (the payload `park` recorded) back at the end of the outbox. */
export async function requeueOutboxMessage(manager: EntityManager, schema: string, payload: unknown): Promise<boolean> {
  const p = payload as { topic?: string; key?: string | null; value?: string; headers?: Record<string, string> } | null;
  if (!p || typeof p.topic !== 'string' || typeof p.value !== 'string') return false;
  await manager.query(`INSERT INTO ${schema}.outbox (topic, key, value, headers) VALUES ($1, $2, $3, $4)`, [
    p.topic,
    p.key ?? null,
    Buffer.from(p.value, 'base64'),
    JSON.stringify(p.headers ?? {}),
  ]);
  return true;
}

function messageBytes(row: OutboxRow): number {
  return byteLength(row.value) + byteLength(row.key) + byteLength(JSON.stringify(row.headers ?? {}));
}

/** The row's headers with the traceparent to send (the same object when it does not change: tracing off). */
function withTraceparent(headers: Record<string, string>, traceparentFor: (tp: string | undefined) => string | undefined): Record<string, string> {
  const next = traceparentFor(headers.traceparent);
  return next === headers.traceparent || next === undefined ? headers : { ...headers, traceparent: next };
}

/**
 * The relay's claim: the lock (one relay at a time per schema), then the delete, in one statement. The delete goes
 * first in the transaction (rolled back if the publish fails), so that after Kafka's acknowledgement only the commit
 * remains: a crash in that one round trip is the only way a batch is published twice. A relay that finds the lock
 * taken deletes nothing: the rows its snapshot saw are the other relay's to publish, and once that one committed,
 * rows it deleted are skipped by this delete (READ COMMITTED), so one key's messages keep their order.
 * (= ANY(ARRAY(…)) keeps the delete on the primary key: with `IN (subquery)` the planner may hash-join over a
 * sequential scan of the whole outbox, which grows with the backlog.) Values are literals, for the simple protocol.
 */
function claimStatement(schema: string, batchSize: number): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`outbox schema must be a plain identifier (got ${JSON.stringify(schema)})`);
  return `WITH lock AS MATERIALIZED (SELECT pg_try_advisory_xact_lock(hashtext('${schema}.outbox')) AS locked),
     gone AS (
       DELETE FROM ${schema}.outbox
       WHERE (SELECT locked FROM lock) AND id = ANY(ARRAY(SELECT id FROM ${schema}.outbox ORDER BY id LIMIT ${Math.max(1, Math.floor(batchSize))}))
       RETURNING id, topic, key, value, headers)
     SELECT lock.locked, gone.id, gone.topic, gone.key, gone.value, gone.headers FROM lock LEFT JOIN gone ON true ORDER BY gone.id`;
}

/** A row of the claim: the lock's answer, and a deleted outbox row (none: `id` null). */
type ClaimedRow = { locked: boolean } & ({ id: null } | OutboxRow);

interface ClaimAnswer {
  rows: ClaimedRow[];
}

/** The driver's client under a query runner (node-postgres): a query without values goes in the simple protocol. */
interface RawClient {
  query(text: string): Promise<unknown>;
}

/** A row of a service's outbox table. */
export interface OutboxRow {
  id: string;
  topic: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

/**
 * Removes what the schema still holds to publish under these keys (an erasure: `<workspaceId>:<userId>` of
 * each id of the person): outbox rows not yet relayed, and outbox messages parked in the failure ledger. Messages
 * of item-keyed topics are not the person's, whatever their key.
 */
export async function removeFromOutbox(manager: EntityManager, schema: string, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await manager.query(`DELETE FROM ${schema}.outbox WHERE key = ANY($1::text[]) AND NOT topic = ANY($2::text[])`, [keys, ITEM_KEYED_TOPICS]);
  await manager.query(`DELETE FROM ${schema}.failed_work WHERE kind = $1 AND payload->>'key' = ANY($2::text[]) AND NOT payload->>'topic' = ANY($3::text[])`, [
    OUTBOX_WORK_KIND,
    keys,
    ITEM_KEYED_TOPICS,
  ]);
}

/**
 * What `removeFromOutbox` would remove, oldest first: the values of the messages the schema still holds to publish
 * under these keys, in the outbox or parked out of it (a data-access export).
 */
export async function outboxValuesOf(manager: EntityManager, schema: string, keys: string[]): Promise<Buffer[]> {
  if (keys.length === 0) return [];
  const rows: Array<{ value: Buffer }> = await manager.query(
    `SELECT value FROM (
       SELECT id, value FROM ${schema}.outbox WHERE key = ANY($1::text[]) AND NOT topic = ANY($2::text[])
       UNION ALL
       SELECT item::bigint, decode(payload->>'value', 'base64') FROM ${schema}.failed_work
        WHERE kind = $3 AND payload->>'key' = ANY($1::text[]) AND NOT payload->>'topic' = ANY($2::text[])
     ) held ORDER BY id`,
    [keys, ITEM_KEYED_TOPICS, OUTBOX_WORK_KIND],
  );
  return rows.map((r) => Buffer.from(r.value));
}
