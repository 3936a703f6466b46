import { CairnConfig } from '@cairn/config';
import { Logger } from '@cairn/observability';
import { CONFIG, DATA_SOURCE, LOGGER } from '@cairn/runtime';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelCredentials } from './channel-credentials';
import { hasStaleSecrets, resealSecrets } from './channel-secrets';
import { ChannelRepository } from './channel.repository';
import { UnreadableSecret } from './secret-box';

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
  constructor(
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly credentials: ChannelCredentials,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { logger, config } = this;
    if (config.secrets.devKey) logger.warn('CAIRN_SECRETS_KEY is not set: channel credentials are encrypted with the development key (refused in production)');
    let resealed = 0;
    for (const workspace of config.workspaces) {
      resealed += await this.resealWorkspace(workspace.id).catch((error: Error) => {
        logger.error({ workspaceId: workspace.id, err: error.message }, 'could not re-encrypt channel credentials; will try at the next start');
        return 0;
      });
    }
    if (resealed > 0) logger.info({ resealed, keyId: this.credentials.box.writerId }, 'channel credentials re-encrypted with the current key');
  }

  /** Re-encrypts the workspace's stale channel credentials; returns how many channels changed. */
  async resealWorkspace(workspaceId: string): Promise<number> {
    const box = this.credentials.box;
    return this.dataSource.transaction(async (manager) => {
      const channels = new ChannelRepository(manager, this.credentials);
      let changed = 0;
      for (const row of (await channels.lockSealed(workspaceId)).filter((r) => hasStaleSecrets(r.type, r.config, box))) {
        let config: Record<string, unknown>;
        try {
          config = resealSecrets(row.type, row.config, box);
        } catch (error) {
          if (!(error instanceof UnreadableSecret)) throw error;
          this.logger.error({ workspaceId, channel: row.key, keyId: error.keyId }, `channel credentials unreadable: ${error.message}`);
          continue;
        }
        await channels.writeSealed(workspaceId, row.key, config);
        changed++;
      }
      return changed;
    });
  }
}
