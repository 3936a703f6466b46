import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { ChannelDefinition, ChannelType } from './channel';
import { openSecrets, sealSecrets } from './channel-secrets';
import { SecretBox } from './secret-box';

export interface StoredChannel extends ChannelDefinition {
  createdAt: string;
  updatedAt: string;
}

interface ChannelRow {
  key: string;
  type: ChannelType;
  config: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

function toChannel(row: ChannelRow, config: Record<string, unknown>): StoredChannel {
  return {
    key: row.key,
    type: row.type,
    config,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * Channels of one workspace; every query takes the workspace id. Write-only
 * fields (webhook secret, API keys, SMTP password) are encrypted here on the
 * way in and decrypted on the way out (channel-secrets.ts).
 */
@Injectable()
export class ChannelRepository {
  private readonly box: SecretBox;

  constructor(@Inject(PLATFORM) private readonly platform: Platform) {
    this.box = new SecretBox(platform.config.secrets);
  }

  private read(workspaceId: string, row: ChannelRow): StoredChannel {
    return toChannel(row, openSecrets(row.type, row.config, this.box, (field, error) => {
      this.platform.logger.error({ workspaceId, channel: row.key, field, keyId: error.keyId }, `channel credentials unreadable: ${error.message}`);
    }));
  }

  private stored(c: ChannelDefinition): string {
    return JSON.stringify(sealSecrets(c.type, c.config, this.box));
  }

  async insert(workspaceId: string, c: ChannelDefinition, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.platform.dataSource.query(
      `INSERT INTO messaging.channels (workspace_id, key, type, config, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT DO NOTHING RETURNING key`,
      [workspaceId, c.key, c.type, this.stored(c), now],
    );
    return rows.length === 1;
  }

  async update(workspaceId: string, c: ChannelDefinition, now: Date): Promise<boolean> {
    const [, count]: [unknown, number] = await this.platform.dataSource.query(
      `UPDATE messaging.channels SET type = $3, config = $4, updated_at = $5 WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, c.key, c.type, this.stored(c), now],
    );
    return count === 1;
  }

  async find(workspaceId: string, key: string): Promise<StoredChannel | undefined> {
    const rows: ChannelRow[] = await this.platform.dataSource.query(
      `SELECT * FROM messaging.channels WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, key],
    );
    return rows[0] ? this.read(workspaceId, rows[0]) : undefined;
  }

  /** These channels of the workspace, by key (a key without a channel is absent). */
  async findMany(workspaceId: string, keys: string[]): Promise<Map<string, StoredChannel>> {
    const rows: ChannelRow[] = await this.platform.dataSource.query(
      `SELECT * FROM messaging.channels WHERE workspace_id = $1 AND key = ANY($2::text[])`,
      [workspaceId, keys],
    );
    return new Map(rows.map((r) => [r.key, this.read(workspaceId, r)]));
  }

  /** The first 1,000 channels in key order, or the channels with the given keys. */
  async list(workspaceId: string, keys?: string[]): Promise<StoredChannel[]> {
    const rows: ChannelRow[] = await this.platform.dataSource.query(
      keys
        ? `SELECT * FROM messaging.channels WHERE workspace_id = $1 AND key = ANY($2::text[]) ORDER BY key`
        : `SELECT * FROM messaging.channels WHERE workspace_id = $1 ORDER BY key LIMIT 1000`,
      keys ? [workspaceId, keys] : [workspaceId],
    );
    return rows.map((r) => this.read(workspaceId, r));
  }

  async remove(workspaceId: string, key: string): Promise<boolean> {
    const [, count]: [unknown, number] = await this.platform.dataSource.query(
      `DELETE FROM messaging.channels WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, key],
    );
    return count === 1;
  }
}
