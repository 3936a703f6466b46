import { EntityManager } from 'typeorm';
import { ChannelDefinition, ChannelType } from './channel';
import type { ChannelCredentials } from './channel-credentials';

export interface StoredChannel extends ChannelDefinition {
  createdAt: string;
  updatedAt: string;
}

/** A channel row as stored: its write-only fields sealed (or, from before encryption, plaintext). */
export interface SealedChannel {
  key: string;
  type: ChannelType;
  config: Record<string, unknown>;
}

interface ChannelRow extends SealedChannel {
  created_at: Date;
  updated_at: Date;
}

/**
 * Channels of one workspace; every query takes the workspace id. Write-only
 * fields (webhook secret, API keys, SMTP password) are encrypted here on the
 * way in and decrypted on the way out (with `credentials`, see
 * channel-secrets.ts).
 */
export class ChannelRepository {
  constructor(
    private readonly m: EntityManager,
    private readonly credentials: ChannelCredentials,
  ) {}

  private read(workspaceId: string, row: ChannelRow): StoredChannel {
    return {
      key: row.key,
      type: row.type,
      config: this.credentials.open(workspaceId, row),
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }

  private stored(c: ChannelDefinition): string {
    return JSON.stringify(this.credentials.seal(c));
  }

  async insert(workspaceId: string, c: ChannelDefinition, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.m.query(
      `INSERT INTO messaging.channels (workspace_id, key, type, config, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT DO NOTHING RETURNING key`,
      [workspaceId, c.key, c.type, this.stored(c), now],
    );
    return rows.length === 1;
  }

  async update(workspaceId: string, c: ChannelDefinition, now: Date): Promise<boolean> {
    const [, count]: [unknown, number] = await this.m.query(
      `UPDATE messaging.channels SET type = $3, config = $4, updated_at = $5 WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, c.key, c.type, this.stored(c), now],
    );
    return count === 1;
  }

  async find(workspaceId: string, key: string): Promise<StoredChannel | undefined> {
    const rows: ChannelRow[] = await this.m.query(`SELECT * FROM messaging.channels WHERE workspace_id = $1 AND key = $2`, [workspaceId, key]);
    return rows[0] ? this.read(workspaceId, rows[0]) : undefined;
  }

  /** These channels of the workspace, by key (a key without a channel is absent). */
  async findMany(workspaceId: string, keys: string[]): Promise<Map<string, StoredChannel>> {
    const rows: ChannelRow[] = await this.m.query(`SELECT * FROM messaging.channels WHERE workspace_id = $1 AND key = ANY($2::text[])`, [workspaceId, keys]);
    return new Map(rows.map((r) => [r.key, this.read(workspaceId, r)]));
  }

  /**
   * The channels with this key in any of these workspaces, each with its
   * workspace. Across workspaces: a provider's receipts name a channel key and
   * are authenticated by that channel's signing secret, not by a workspace's key.
   */
  async findInWorkspaces(key: string, workspaceIds: string[]): Promise<Array<{ workspaceId: string; channel: StoredChannel }>> {
    const rows: Array<ChannelRow & { workspace_id: string }> = await this.m.query(
      `SELECT * FROM messaging.channels WHERE key = $1 AND workspace_id = ANY($2::text[]) ORDER BY workspace_id`,
      [key, workspaceIds],
    );
    return rows.map((r) => ({ workspaceId: r.workspace_id, channel: this.read(r.workspace_id, r) }));
  }

  /** The first 1,000 channels in key order, or the channels with the given keys. */
  async list(workspaceId: string, keys?: string[]): Promise<StoredChannel[]> {
    const rows: ChannelRow[] = await this.m.query(
      keys
        ? `SELECT * FROM messaging.channels WHERE workspace_id = $1 AND key = ANY($2::text[]) ORDER BY key`
        : `SELECT * FROM messaging.channels WHERE workspace_id = $1 ORDER BY key LIMIT 1000`,
      keys ? [workspaceId, keys] : [workspaceId],
    );
    return rows.map((r) => this.read(workspaceId, r));
  }

  async remove(workspaceId: string, key: string): Promise<boolean> {
    const [, count]: [unknown, number] = await this.m.query(`DELETE FROM messaging.channels WHERE workspace_id = $1 AND key = $2`, [workspaceId, key]);
    return count === 1;
  }

  /** Every channel of the workspace as stored (sealed), in key order, locked for the rest of the transaction. */
  async lockSealed(workspaceId: string): Promise<SealedChannel[]> {
    return this.m.query(`SELECT key, type, config FROM messaging.channels WHERE workspace_id = $1 ORDER BY key FOR UPDATE`, [workspaceId]);
  }

  /** Writes a channel's stored (sealed) config as it is given. */
  async writeSealed(workspaceId: string, key: string, config: Record<string, unknown>): Promise<void> {
    await this.m.query(`UPDATE messaging.channels SET config = $3 WHERE workspace_id = $1 AND key = $2`, [workspaceId, key, JSON.stringify(config)]);
  }
}
