import { EntityManager } from 'typeorm';

/** An address a channel must not send to again: a hard bounce or a complaint. */
export interface Suppression {
  channel: string;
  addressHash: string;
  reason: 'hard_bounce' | 'complaint';
  messageId: string;
}

/** Suppressed addresses per workspace channel (by hash, see address.ts); every query takes the workspace id. */
export class SuppressionRepository {
  constructor(private readonly m: EntityManager) {}

  /** Adds these suppressions (an address suppressed already keeps its first reason). */
  async add(workspaceId: string, rows: Suppression[], now: Date): Promise<void> {
    if (rows.length === 0) return;
    await this.m.query(
      `INSERT INTO messaging.suppressions (workspace_id, channel, address_hash, reason, message_id, at)
       SELECT $1, c, h, r, m, $3 FROM jsonb_to_recordset($2::jsonb) AS x(c text, h text, r text, m uuid)
       ON CONFLICT DO NOTHING`,
      [workspaceId, JSON.stringify(rows.map((s) => ({ c: s.channel, h: s.addressHash, r: s.reason, m: s.messageId }))), now],
    );
  }

  /** Which of these (channel, address hash) pairs are suppressed, as `channel\u0000hash`. */
  async suppressed(workspaceId: string, pairs: Array<{ channel: string; addressHash: string }>): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows: Array<{ channel: string; address_hash: string }> = await this.m.query(
      `SELECT s.channel, s.address_hash FROM messaging.suppressions s
       JOIN jsonb_to_recordset($2::jsonb) AS x(c text, h text) ON s.channel = x.c AND s.address_hash = x.h
       WHERE s.workspace_id = $1`,
      [workspaceId, JSON.stringify(pairs.map((p) => ({ c: p.channel, h: p.addressHash })))],
    );
    return new Set(rows.map((r) => `${r.channel}\u0000${r.address_hash}`));
  }
}
