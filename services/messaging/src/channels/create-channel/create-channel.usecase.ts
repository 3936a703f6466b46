import { Clock, CLOCK, Conflict } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelCredentials } from '../channel-credentials';
import { ChannelReader } from '../channel.reader';
import { ChannelRepository } from '../channel.repository';
import { channelView, ChannelView } from '../channel.view';
import { CreateChannelCommand } from './create-channel.command';

/**
 * Stores a new channel, its write-only fields encrypted; 409 CHANNEL_EXISTS
 * when the key is taken. Deliveries on this replica see it from the next
 * batch on.
 */
@Injectable()
export class CreateChannelUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly credentials: ChannelCredentials,
    private readonly reader: ChannelReader,
  ) {}

  async execute({ workspaceId, channel }: CreateChannelCommand): Promise<ChannelView> {
    const channels = new ChannelRepository(this.dataSource.manager, this.credentials);
    const inserted = await channels.insert(workspaceId, channel, this.clock.now());
    this.reader.changed(workspaceId);
    if (!inserted) throw new Conflict('CHANNEL_EXISTS', `channel ${JSON.stringify(channel.key)} already exists`);
    return channelView((await channels.find(workspaceId, channel.key))!);
  }
}
