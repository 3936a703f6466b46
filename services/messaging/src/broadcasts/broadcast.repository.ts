import { EntityManager } from 'typeorm';
import { Broadcast, BroadcastRow, NewBroadcast, toBroadcast } from './broadcast';

/** What a step changes on its broadcast. */
export interface BroadcastAdvance {
  cursor?: string | null;
  targetingDone?: boolean;
  status?: Broadcast['status'];
  reason?: string | null;
  startedAt?: Date;
  endedAt?: Date;
  nextRunAt: Date;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Broadcasts. Every query names the workspace, except the background loop's
 * (`claimDue` over every workspace, each row carrying its own; `lockStep`
 * and `advance` by the id that claim produced).
 */
export class BroadcastRepository {
  constructor(private readonly m: EntityManager) {}

  /** Stores a new broadcast; undefined when its key is taken. */
  async insert(workspaceId: string, b: NewBroadcast, now: Date): Promise<Broadcast | undefined> {
    const rows: BroadcastRow[] = await this.m.query(
      `INSERT INTO messaging.broadcasts (workspace_id, key, segment, channel, template, category, rate_per_minute, holdout, send_at, status,
         next_run_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'scheduled', $9, $10, $10)
       ON CONFLICT (workspace_id, key) DO NOTHING RETURNING *`,
      [workspaceId, b.key, b.segment, b.channel, b.template, b.category, b.ratePerMinute ?? null, b.holdout, b.sendAt, now],
    );
    return rows[0] ? toBroadcast(rows[0]) : undefined;
  }

  /** The workspace's broadcast by id or key (locked for the rest of the transaction with `lock`). */
  async find(workspaceId: string, idOrKey: string, lock = false): Promise<Broadcast | undefined> {
    const byId = UUID_RE.test(idOrKey);
    const rows: BroadcastRow[] = await this.m.query(
      `SELECT * FROM messaging.broadcasts WHERE workspace_id = $1 AND ${byId ? 'id = $2::uuid' : 'key = $2'} ${lock ? 'FOR UPDATE' : ''}`,
      [workspaceId, idOrKey],
    );
    return rows[0] ? toBroadcast(rows[0]) : undefined;
  }

  /**
   * Claims the broadcast of any workspace whose next step is due for a
   * while (`until`), so replicas do not prepare the same step together; a
   * step is applied only while the broadcast is still at it (`lockStep`).
   */
  async claimDue(now: Date, until: Date): Promise<Broadcast | undefined> {
    const [rows]: [BroadcastRow[], number] = await this.m.query(
      `UPDATE messaging.broadcasts SET claimed_until = $2
       WHERE id = (SELECT id FROM messaging.broadcasts
                   WHERE status IN ('scheduled', 'sending') AND next_run_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
                   ORDER BY next_run_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now, until],
    );
    return rows[0] ? toBroadcast(rows[0]) : undefined;
  }

  /** The broadcast locked while it is still running at `step` (else nothing). By id: the id comes from `claimDue`. */
  async lockStep(id: string, step: number): Promise<Broadcast | undefined> {
    const rows: BroadcastRow[] = await this.m.query(
      `SELECT * FROM messaging.broadcasts WHERE id = $1 AND step = $2 AND status IN ('scheduled', 'sending') FOR UPDATE SKIP LOCKED`,
      [id, step],
    );
    return rows[0] ? toBroadcast(rows[0]) : undefined;
  }

  /** Applies a step: what it changes, one more step, the claim released. By id: the broadcast was locked with `lockStep`. */
  async advance(id: string, change: BroadcastAdvance, now: Date): Promise<void> {
    await this.m.query(
      `UPDATE messaging.broadcasts SET step = step + 1, claimed_until = NULL, updated_at = $2, next_run_at = $3,
         cursor = CASE WHEN $4::boolean THEN $5 ELSE cursor END, targeting_done = COALESCE($6, targeting_done),
         status = COALESCE($7, status), reason = COALESCE($8, reason), started_at = COALESCE(started_at, $9), ended_at = COALESCE($10, ended_at)
       WHERE id = $1`,
      [
        id,
        now,
        change.nextRunAt,
        change.cursor !== undefined,
        change.cursor ?? null,
        change.targetingDone ?? null,
        change.status ?? null,
        change.reason ?? null,
        change.startedAt ?? null,
        change.endedAt ?? null,
      ],
    );
  }

  /** A step that failed on its own: due again at `retryAt`, or never (parked) when it is null. By id: the id comes from `claimDue`. */
  async setAside(id: string, retryAt: Date | null): Promise<void> {
    await this.m.query(`UPDATE messaging.broadcasts SET next_run_at = COALESCE($2::timestamptz, 'infinity'), claimed_until = NULL WHERE id = $1`, [
      id,
      retryAt,
    ]);
  }

  /** An operator's retry of a parked broadcast: due now; false when it is not running any more. */
  async release(workspaceId: string, id: string, now: Date): Promise<boolean> {
    const [, count]: [unknown, number] = await this.m.query(
      `UPDATE messaging.broadcasts SET next_run_at = $3, claimed_until = NULL
       WHERE id = $1 AND workspace_id = $2 AND status IN ('scheduled', 'sending')`,
      [id, workspaceId, now],
    );
    return count > 0;
  }

  /** Ends a broadcast as cancelled. The caller holds its lock (`find` with `lock`). */
  async cancel(workspaceId: string, id: string, now: Date): Promise<void> {
    await this.m.query(
      `UPDATE messaging.broadcasts SET status = 'cancelled', ended_at = $3, updated_at = $3, claimed_until = NULL WHERE id = $1 AND workspace_id = $2`,
      [id, workspaceId, now],
    );
  }
}
