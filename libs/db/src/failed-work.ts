import { EntityManager, QueryRunner } from 'typeorm';

/**
 * The failure ledger of a service's background loops (`<schema>.failed_work`):
 * one row per item of shared work (a timer, a schedule, a deferred send, an
 * outbox message, ...) whose handling failed on its own. The loop moves the
 * item out of its way until `retry_at` (backoff); after the last attempt the
 * item is parked (`parked_at`, no `retry_at`) until an operator retries it
 * through `/v1/parked/<service>`. A row disappears when its item succeeds, is
 * retried by an operator, or no longer exists.
 */
export async function createFailedWorkTable(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`
    CREATE TABLE ${schema}.failed_work (
      kind text NOT NULL,
      item text NOT NULL,
      workspace_id text,
      attempts int NOT NULL,
      reason text NOT NULL,
      first_failed_at timestamptz NOT NULL,
      last_failed_at timestamptz NOT NULL,
      retry_at timestamptz,
      parked_at timestamptz,
      payload jsonb,
      PRIMARY KEY (kind, item)
    )`);
  await runner.query(`CREATE INDEX failed_work_workspace ON ${schema}.failed_work (workspace_id, kind, item)`);
}

export async function dropFailedWorkTable(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`DROP TABLE IF EXISTS ${schema}.failed_work`);
}

/** How often a failing item is tried again, and how long it waits in between (on the service clock). */
export interface FailurePolicy {
  /** Attempts in all, the first included; the item is parked after the last one. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** 5 attempts over about 5 minutes (30 s, 1 min, 2 min, 4 min), then parked. */
export const DEFAULT_FAILURE_POLICY: FailurePolicy = { maxAttempts: 5, baseDelayMs: 30_000, maxDelayMs: 10 * 60_000 };

export interface WorkFailure {
  kind: string;
  /** The item's id within its kind (a timer id, `workspace:user`, ...). */
  item: string;
  workspaceId: string | null;
  reason: string;
  /** What an operator's retry needs when the item itself is gone from its table (an outbox message). */
  payload?: unknown;
}

export interface RecordedFailure {
  attempts: number;
  /** When the item is due again; null when it is parked. */
  retryAt: Date | null;
  parked: boolean;
}

/** The wait before attempt `attempts + 1`: doubling from the base, capped (deterministic, so tests can move a clock past it). */
export function failureBackoffMs(policy: FailurePolicy, attempts: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

/** Records one more failed attempt of an item and says whether it is due again (and when) or parked. */
export async function recordFailure(
  m: EntityManager,
  schema: string,
  failure: WorkFailure,
  now: Date,
  policy: FailurePolicy = DEFAULT_FAILURE_POLICY,
): Promise<RecordedFailure> {
  return (await upsertFailure(m, schema, failure, now, policy, false))!;
}

/**
 * Records a failed attempt of an item a claim loop found due, unless the item
 * was set aside again since it came due (undefined then): two workers that
 * claimed the same item one after the other and both failed it spend one
 * attempt, not two, and the backoff stays as long as it should.
 */
export function recordDueFailure(
  m: EntityManager,
  schema: string,
  failure: WorkFailure,
  now: Date,
  policy: FailurePolicy = DEFAULT_FAILURE_POLICY,
): Promise<RecordedFailure | undefined> {
  return upsertFailure(m, schema, failure, now, policy, true);
}

async function upsertFailure(
  m: EntityManager,
  schema: string,
  failure: WorkFailure,
  now: Date,
  policy: FailurePolicy,
  onlyWhenDue: boolean,
): Promise<RecordedFailure | undefined> {
  const rows: Array<{ attempts: number }> = await m.query(
    `INSERT INTO ${schema}.failed_work (kind, item, workspace_id, attempts, reason, first_failed_at, last_failed_at, payload)
     VALUES ($1, $2, $3, 1, $4, $5, $5, $6)
     ON CONFLICT (kind, item) DO UPDATE SET attempts = ${schema}.failed_work.attempts + 1, reason = excluded.reason,
       last_failed_at = excluded.last_failed_at, payload = COALESCE(excluded.payload, ${schema}.failed_work.payload)
     ${onlyWhenDue ? `WHERE ${schema}.failed_work.retry_at IS NULL OR ${schema}.failed_work.retry_at <= excluded.last_failed_at` : ''}
     RETURNING attempts`,
    [
      failure.kind,
      failure.item,
      failure.workspaceId,
      failure.reason.slice(0, 2_000),
      now,
      failure.payload === undefined ? null : JSON.stringify(failure.payload),
    ],
  );
  if (rows.length === 0) return undefined;
  const attempts = Number(rows[0].attempts);
  const parked = attempts >= policy.maxAttempts;
  const retryAt = parked ? null : new Date(now.getTime() + failureBackoffMs(policy, attempts));
  await m.query(`UPDATE ${schema}.failed_work SET retry_at = $3, parked_at = $4 WHERE kind = $1 AND item = $2`, [
    failure.kind,
    failure.item,
    retryAt,
    parked ? now : null,
  ]);
  return { attempts, retryAt, parked };
}

/** Forgets the failures of items that have now been handled (a no-op for items that never failed). */
export async function clearFailures(m: EntityManager, schema: string, kind: string, items: string[]): Promise<void> {
  if (items.length === 0) return;
  await m.query(`DELETE FROM ${schema}.failed_work WHERE kind = $1 AND item = ANY($2::text[])`, [kind, items]);
}

export interface FailedWorkView {
  kind: string;
  item: string;
  state: 'retrying' | 'parked';
  attempts: number;
  reason: string;
  firstFailedAt: string;
  lastFailedAt: string;
  retryAt: string | null;
  parkedAt: string | null;
}

interface FailedWorkRow {
  kind: string;
  item: string;
  attempts: number;
  reason: string;
  first_failed_at: Date;
  last_failed_at: Date;
  retry_at: Date | null;
  parked_at: Date | null;
  payload: unknown;
}

function view(row: FailedWorkRow): FailedWorkView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    kind: row.kind,
    item: row.item,
    state: row.parked_at ? 'parked' : 'retrying',
    attempts: Number(row.attempts),
    reason: row.reason,
    firstFailedAt: iso(row.first_failed_at)!,
    lastFailedAt: iso(row.last_failed_at)!,
    retryAt: iso(row.retry_at),
    parkedAt: iso(row.parked_at),
  };
}

export interface FailedWorkQuery {
  kind?: string;
  state?: 'retrying' | 'parked';
  limit: number;
  /** Cursor: the `kind/item` of the last row of the previous page. */
  after?: { kind: string; item: string };
}

/** A workspace's failing and parked items of one service, in (kind, item) order. */
export async function listFailedWork(m: EntityManager, schema: string, workspaceId: string, q: FailedWorkQuery): Promise<FailedWorkView[]> {
  const rows: FailedWorkRow[] = await m.query(
    `SELECT kind, item, attempts, reason, first_failed_at, last_failed_at, retry_at, parked_at FROM ${schema}.failed_work
     WHERE workspace_id = $1 AND ($2::text IS NULL OR kind = $2)
       AND ($3::text IS NULL OR ($3 = 'parked') = (parked_at IS NOT NULL))
       AND ($4::text IS NULL OR (kind, item) > ($4, $5::text))
     ORDER BY kind, item LIMIT $6`,
    [workspaceId, q.kind ?? null, q.state ?? null, q.after?.kind ?? null, q.after?.item ?? '', q.limit],
  );
  return rows.map(view);
}

/** Removes one item's failure record of a workspace (an operator retries it) and returns it with its payload; undefined when there is none. */
export async function takeFailedWork(
  m: EntityManager,
  schema: string,
  workspaceId: string,
  kind: string,
  item: string,
): Promise<(FailedWorkView & { payload: unknown }) | undefined> {
  const rows: FailedWorkRow[] = await m.query(
    `WITH gone AS (DELETE FROM ${schema}.failed_work WHERE workspace_id = $1 AND kind = $2 AND item = $3
       RETURNING kind, item, attempts, reason, first_failed_at, last_failed_at, retry_at, parked_at, payload)
     SELECT * FROM gone`,
    [workspaceId, kind, item],
  );
  return rows[0] ? { ...view(rows[0]), payload: rows[0].payload } : undefined;
}
