import { EntityManager } from 'typeorm';

/** A send record: one per idempotency key (run, step and occurrence). */
export interface SendRecord {
  key: string;
  runId: string;
  step: string;
  occurrence: number;
  status: string;
}

/**
 * The runs' send records (`journeys.sends`, keyed by idempotency key) and what
 * messaging made of them. A send belongs to a run, whose id is globally
 * unique: the calls go by run id or idempotency key, each saying where it
 * comes from.
 */
export class SendRepository {
  constructor(private readonly m: EntityManager) {}

  /** Inserts send records; returns the keys that were new. By id: the runs are being advanced (read within a workspace or claimed). */
  async record(rows: SendRecord[], now: Date): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const inserted: Array<{ key: string }> = await this.m.query(
      `INSERT INTO journeys.sends (idempotency_key, run_id, step, occurrence, status, created_at)
       SELECT k, r, s, o, st, $6 FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[]) AS x(k, r, s, o, st)
       ON CONFLICT DO NOTHING RETURNING idempotency_key AS key`,
      [rows.map((r) => r.key), rows.map((r) => r.runId), rows.map((r) => r.step), rows.map((r) => r.occurrence), rows.map((r) => r.status), now],
    );
    return new Set(inserted.map((r) => r.key));
  }

  /** A new send that cannot be requested (a coupon pool without a code). By id: the key was just recorded. */
  async suppress(idempotencyKey: string, reason: string): Promise<void> {
    await this.m.query(`UPDATE journeys.sends SET status = 'suppressed', reason = $2 WHERE idempotency_key = $1`, [idempotencyKey, reason]);
  }

  /**
   * Sets each send's status and reason from an outcome, in one statement; an
   * outcome counts only for a send of a run of its workspace. Across
   * workspaces: one consumed batch mixes them, and each outcome names its own.
   */
  async recordOutcomes(
    outcomes: Array<{ workspaceId: string; idempotencyKey: string; status: string; reason: string | null; fallback?: string | null }>,
  ): Promise<void> {
    if (outcomes.length === 0) return;
    const rows = outcomes.map((o) => ({ w: o.workspaceId, k: o.idempotencyKey, s: o.status, r: o.reason, f: o.fallback ?? null }));
    await this.m.query(
      `UPDATE journeys.sends s SET status = x.s, reason = x.r, fallback = COALESCE(x.f, s.fallback)
       FROM (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(w text, k text, s text, r text, f text) LIMIT $2) x, journeys.runs r
       WHERE s.idempotency_key = x.k AND r.id = s.run_id AND r.workspace_id = x.w`,
      // $2: the planner's row count of the outcomes (ARCHITECTURE.md, "Row counts for the planner").
      [JSON.stringify(rows), rows.length],
    );
  }

  /**
   * Records what delivery receipts said of sends (the first time of each
   * kind; a bounce, hard over soft), without changing their status: a
   * delivered message was sent. Across workspaces, like `recordOutcomes`.
   */
  async recordReceipts(receipts: Array<{ workspaceId: string; idempotencyKey: string; kind: string; bounce: string | null; at: string }>): Promise<void> {
    if (receipts.length === 0) return;
    const at = (kind: string) => `min(x.at) FILTER (WHERE x.kind = '${kind}')`;
    await this.m.query(
      `UPDATE journeys.sends s SET delivered_at = COALESCE(s.delivered_at, g.delivered), opened_at = COALESCE(s.opened_at, g.opened),
         clicked_at = COALESCE(s.clicked_at, g.clicked), bounced_at = COALESCE(s.bounced_at, g.bounced),
         bounce = CASE WHEN g.bounce = 'hard' THEN 'hard' ELSE COALESCE(s.bounce, g.bounce) END, complained_at = COALESCE(s.complained_at, g.complained)
       FROM (
         SELECT x.w, x.k, ${at('DELIVERED')} AS delivered, ${at('OPENED')} AS opened, ${at('CLICKED')} AS clicked,
           ${at('BOUNCED')} AS bounced, CASE WHEN bool_or(x.bounce = 'hard') THEN 'hard' ELSE max(x.bounce) END AS bounce,
           ${at('COMPLAINED')} AS complained
         FROM jsonb_to_recordset($1::jsonb) AS x(w text, k text, kind text, bounce text, at timestamptz) GROUP BY x.w, x.k
       ) g, journeys.runs r
       WHERE s.idempotency_key = g.k AND r.id = s.run_id AND r.workspace_id = g.w`,
      [JSON.stringify(receipts.map((x) => ({ w: x.workspaceId, k: x.idempotencyKey, kind: x.kind, bounce: x.bounce, at: x.at })))],
    );
  }
}
