import { CairnConfig } from '@cairn/config';
import { Logger } from '@cairn/observability';
import { CONFIG, LOGGER } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import type { ChannelDefinition, ChannelType } from './channel';
import { openSecrets, sealSecrets } from './channel-secrets';
import { SecretBox } from './secret-box';

/**
 * Channel credentials at rest, with the keys of CAIRN_SECRETS_KEY: the
 * write-only fields (webhook secret, API keys, SMTP password) are sealed on
 * the way into `messaging.channels` and opened on the way out
 * (channel-secrets.ts). A value no configured key opens is logged and reads
 * as unreadable.
 */
@Injectable()
export class ChannelCredentials {
  readonly box: SecretBox;

  constructor(
    @Inject(CONFIG) config: CairnConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.box = new SecretBox(config.secrets);
  }

  /** The config as stored: every write-only field sealed with the current key. */
  seal(channel: ChannelDefinition): Record<string, unknown> {
    return sealSecrets(channel.type, channel.config, this.box);
  }

  /** The config as providers use it: write-only fields opened. */
  open(workspaceId: string, channel: { key: string; type: ChannelType; config: Record<string, unknown> }): Record<string, unknown> {
    return openSecrets(channel.type, channel.config, this.box, (field, error) => {
      this.logger.error({ workspaceId, channel: channel.key, field, keyId: error.keyId }, `channel credentials unreadable: ${error.message}`);
    });
  }
}
