import { CairnConfig } from '@cairn/config';
import { Clock, CLOCK, NotFound, ValidationFailed } from '@cairn/core';
import { CONFIG, DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelType, validateChannel } from '../channel';
import { ChannelCredentials } from '../channel-credentials';
import { keepStoredSecrets } from '../channel-secrets';
import { ChannelReader } from '../channel.reader';
import { ChannelRepository } from '../channel.repository';
import { channelView, ChannelView } from '../channel.view';
import { ReplaceChannelCommand } from './replace-channel.command';

/**
 * Replaces a channel: a write-only field the replacement leaves out keeps
 * the stored value (so a GET, edited, can be PUT back), then the result is
 * validated against the operator's `egress.allowPrivate`; 404 when there is
 * no such channel. Deliveries on this replica use it from the next batch on.
 */
@Injectable()
export class ReplaceChannelUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: CairnConfig,
    private readonly credentials: ChannelCredentials,
    private readonly reader: ChannelReader,
  ) {}

  async execute({ workspaceId, key, body }: ReplaceChannelCommand): Promise<ChannelView> {
    const channels = new ChannelRepository(this.dataSource.manager, this.credentials);
    const stored = await channels.find(workspaceId, key);
    const config = body?.config;
    const merged =
      config && typeof config === 'object' && !Array.isArray(config)
        ? keepStoredSecrets(body.type as ChannelType, config as Record<string, unknown>, stored?.config, stored?.type)
        : config;
    const channel = validateChannel({ ...body, key: body?.key ?? key, ...(merged !== undefined && { config: merged }) }, this.config.egress.allowPrivate);
    if (channel.key !== key) throw new ValidationFailed([{ path: 'key', message: 'must match the key in the path' }]);
    const updated = await channels.update(workspaceId, channel, this.clock.now());
    this.reader.changed(workspaceId);
    if (!updated) throw new NotFound('channel', key);
    return channelView((await channels.find(workspaceId, key))!);
  }
}
