import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ChannelType } from './channel';
import { hasStaleSecrets, resealSecrets } from './channel-secrets';
import { SecretBox, UnreadableSecret } from './secret-box';

interface Row {
  key: string;
  type: ChannelType;
  config: Record<string, unknown>;
}

/**
 * At boot, writes again every channel credential that is stored in plaintext
 * (rows from before encryption) or under another key than the first of
 * CAIRN_SECRETS_KEY (after a rotation), workspace by workspace, each in one
 * transaction with the rows locked. Replicas booting together do it once: the
 * second finds nothing stale. A value no listed key opens is left as it is
 * and logged.
 */
@Injectable()
export class ResealChannelSecrets implements OnApplicationBootstrap {
  private readonly box: SecretBox;

  constructor(@Inject(PLATFORM) private readonly platform: Platform) {
    this.box = new SecretBox(platform.config.secrets);
  }

  async onApplicationBootstrap(): Promise<void> {
    const { logger, config } = this.platform;
    if (config.secrets.devKey) logger.warn('CAIRN_SECRETS_KEY is not set: channel credentials are encrypted with the development key (refused in production)');
    let resealed = 0;
    for (const workspace of config.workspaces) {
      resealed += await this.resealWorkspace(workspace.id).catch((error: Error) => {
        logger.error({ workspaceId: workspace.id, err: error.message }, 'could not re-encrypt channel credentials; will try at the next start');
        return 0;
      });
    }
    if (resealed > 0) logger.info({ resealed, keyId: this.box.writerId }, 'channel credentials re-encrypted with the current key');
  }

  /** Re-encrypts the workspace's stale channel credentials; returns how many channels changed. */
  async resealWorkspace(workspaceId: string): Promise<number> {
    return this.platform.dataSource.transaction(async (manager) => {
      const rows: Row[] = await manager.query(`SELECT key, type, config FROM messaging.channels WHERE workspace_id = $1 ORDER BY key FOR UPDATE`, [workspaceId]);
      let changed = 0;
      for (const row of rows.filter((r) => hasStaleSecrets(r.type, r.config, this.box))) {
        let config: Record<string, unknown>;
        try {
          config = resealSecrets(row.type, row.config, this.box);
        } catch (error) {
          if (!(error instanceof UnreadableSecret)) throw error;
          this.platform.logger.error({ workspaceId, channel: row.key, keyId: error.keyId }, `channel credentials unreadable: ${error.message}`);
          continue;
        }
        await manager.query(`UPDATE messaging.channels SET config = $3 WHERE workspace_id = $1 AND key = $2`, [workspaceId, row.key, JSON.stringify(config)]);
        changed++;
      }
      return changed;
    });
  }
}
