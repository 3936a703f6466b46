import { EntityManager } from 'typeorm';
import { ConsentFlag, ConsentLedger } from '@cairn/messaging-domain';

export interface ConsentChange {
  channel: string;
  kind: 'advertising' | 'night';
  granted: boolean;
  source: string | null;
  at: string;
}

type StoredFlag = Omit<ConsentFlag, 'grantedAt' | 'withdrawnAt'> & { grantedAt?: string; withdrawnAt?: string };

function reviveFlag(flag: StoredFlag | undefined): ConsentFlag | undefined {
  if (!flag) return undefined;
  const out: ConsentFlag = { granted: flag.granted };
  if (flag.grantedAt) out.grantedAt = new Date(flag.grantedAt);
  if (flag.withdrawnAt) out.withdrawnAt = new Date(flag.withdrawnAt);
  if (flag.source !== undefined) out.source = flag.source;
  return out;
}

type StoredLedger = Record<string, { advertising?: StoredFlag; night?: StoredFlag }>;

function reviveLedger(stored: StoredLedger): ConsentLedger {
  const ledger: ConsentLedger = {};
  for (const [channel, flags] of Object.entries(stored)) {
    ledger[channel] = {};
    const advertising = reviveFlag(flags.advertising);
    const night = reviveFlag(flags.night);
    if (advertising) ledger[channel].advertising = advertising;
    if (night) ledger[channel].night = night;
  }
  return ledger;
}

/** The consent ledger: the current flags per user, and every change with when and where from. */
export class ConsentRepository {
  constructor(private readonly m: EntityManager) {}

  async load(workspaceId: string, userId: string): Promise<ConsentLedger> {
    return (await this.loadMany(workspaceId, [userId])).get(userId) ?? {};
  }

  /** The ledgers of these users, by user id (a user without one is absent). */
  async loadMany(workspaceId: string, userIds: string[]): Promise<Map<string, ConsentLedger>> {
    const rows: Array<{ user_id: string; ledger: StoredLedger }> = await this.m.query(
      `SELECT user_id, ledger FROM messaging.consents WHERE workspace_id = $1 AND user_id = ANY($2::text[])`,
      [workspaceId, userIds],
    );
    return new Map(rows.map((r) => [r.user_id, reviveLedger(r.ledger)]));
  }

  async save(workspaceId: string, userId: string, ledger: ConsentLedger, now: Date): Promise<void> {
    await this.m.query(
      `INSERT INTO messaging.consents (workspace_id, user_id, ledger, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (workspace_id, user_id) DO UPDATE SET ledger = EXCLUDED.ledger, updated_at = EXCLUDED.updated_at`,
      [workspaceId, userId, JSON.stringify(ledger), now],
    );
  }

  async record(workspaceId: string, userId: string, changes: Omit<ConsentChange, 'at'>[], now: Date): Promise<void> {
    if (changes.length === 0) return;
    await this.m.query(
      `INSERT INTO messaging.consent_changes (workspace_id, user_id, channel, kind, granted, source, at)
       SELECT $1, $2, c, k, g, s, $7 FROM unnest($3::text[], $4::text[], $5::boolean[], $6::text[]) AS t(c, k, g, s)`,
      [workspaceId, userId, changes.map((c) => c.channel), changes.map((c) => c.kind), changes.map((c) => c.granted), changes.map((c) => c.source), now],
    );
  }

  /** When each of the user's consents last changed, keyed `<channel>:<kind>` (epoch ms), from the recorded history. */
  async lastChanges(workspaceId: string, userId: string): Promise<Map<string, number>> {
    const rows: Array<{ channel: string; kind: string; at: Date }> = await this.m.query(
      `SELECT channel, kind, max(at) AS at FROM messaging.consent_changes WHERE workspace_id = $1 AND user_id = $2 GROUP BY channel, kind`,
      [workspaceId, userId],
    );
    return new Map(rows.map((r) => [`${r.channel}:${r.kind}`, new Date(r.at).getTime()]));
  }

  async history(workspaceId: string, userId: string, limit = 100): Promise<ConsentChange[]> {
    const rows: Array<ConsentChange & { at: Date }> = await this.m.query(
      `SELECT channel, kind, granted, source, at FROM messaging.consent_changes
       WHERE workspace_id = $1 AND user_id = $2 ORDER BY id DESC LIMIT $3`,
      [workspaceId, userId, limit],
    );
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  }
}
