import { EntityManager } from 'typeorm';

/** One member of a broadcast's segment at send time, still to be sent to. */
export interface PendingTarget {
  userId: string;
  traits: Record<string, unknown>;
}

/** How a broadcast's targets and messages stand: targets by state, messages by status and reason. */
export interface BroadcastCounts {
  targets: Array<{ state: string; n: number }>;
  messages: Array<{ status: string; reason: string | null; n: number }>;
}

/** A broadcast's targets (one row per member, exactly once); every query names the workspace. */
export class BroadcastTargetRepository {
  constructor(private readonly m: EntityManager) {}

  /** Adds members (a member added before stays as it is); the holdout ones are kept out from the start. */
  async add(workspaceId: string, broadcastId: string, members: Array<PendingTarget & { holdout: boolean }>): Promise<void> {
    if (members.length === 0) return;
    await this.m.query(
      `INSERT INTO messaging.broadcast_targets (broadcast_id, user_id, workspace_id, state, traits)
       SELECT $1, u, $2, CASE WHEN h THEN 'holdout' ELSE 'pending' END, CASE WHEN h THEN NULL ELSE t END
       FROM jsonb_to_recordset($3::jsonb) AS x(u text, h boolean, t jsonb)
       ON CONFLICT DO NOTHING`,
      [broadcastId, workspaceId, JSON.stringify(members.map((m) => ({ u: m.userId, h: m.holdout, t: m.traits })))],
    );
  }

  /** The next `limit` members still to be sent to, in user id order. */
  async pending(workspaceId: string, broadcastId: string, limit: number): Promise<PendingTarget[]> {
    const rows: Array<{ user_id: string; traits: Record<string, unknown> | null }> = await this.m.query(
      `SELECT user_id, traits FROM messaging.broadcast_targets
       WHERE broadcast_id = $1 AND workspace_id = $2 AND state = 'pending' ORDER BY user_id LIMIT $3`,
      [broadcastId, workspaceId, limit],
    );
    return rows.map((r) => ({ userId: r.user_id, traits: r.traits ?? {} }));
  }

  /** These members were sent their message (recorded as an intent): their traits live on in the intent only. */
  async markRequested(workspaceId: string, broadcastId: string, userIds: string[]): Promise<void> {
    await this.m.query(
      `UPDATE messaging.broadcast_targets SET state = 'requested', traits = NULL
       WHERE broadcast_id = $1 AND workspace_id = $2 AND user_id = ANY($3::text[]) AND state = 'pending'`,
      [broadcastId, workspaceId, userIds],
    );
  }

  /** Members not yet sent to are sent nothing (a cancelled broadcast); returns how many. */
  async cancelPending(workspaceId: string, broadcastId: string): Promise<number> {
    const [, count]: [unknown, number] = await this.m.query(
      `UPDATE messaging.broadcast_targets SET state = 'cancelled', traits = NULL WHERE broadcast_id = $1 AND workspace_id = $2 AND state = 'pending'`,
      [broadcastId, workspaceId],
    );
    return count;
  }

  /** Targets by state and the broadcast's messages by status and reason, two GROUP BY queries. */
  async counts(workspaceId: string, broadcastId: string): Promise<BroadcastCounts> {
    const [targets, messages] = await Promise.all([
      this.m.query(`SELECT state, count(*)::int AS n FROM messaging.broadcast_targets WHERE broadcast_id = $1 AND workspace_id = $2 GROUP BY state`, [
        broadcastId,
        workspaceId,
      ]),
      this.m.query(
        `SELECT status, reason, count(*)::int AS n FROM messaging.send_intents WHERE broadcast_id = $1 AND workspace_id = $2 GROUP BY status, reason`,
        [broadcastId, workspaceId],
      ),
    ]);
    return { targets, messages };
  }
}
