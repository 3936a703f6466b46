import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelCredentials } from '../channel-credentials';
import { ChannelRepository } from '../channel.repository';
import { channelView, ChannelView } from '../channel.view';
import { ListChannelsCommand } from './list-channels.command';

/** The workspace's channels in key order (the first 1,000, or those of the given keys), write-only fields shown as set or unset. */
@Injectable()
export class ListChannelsUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly credentials: ChannelCredentials,
  ) {}

  async execute({ workspaceId, keys }: ListChannelsCommand): Promise<{ channels: ChannelView[] }> {
    const channels = await new ChannelRepository(this.dataSource.manager, this.credentials).list(workspaceId, keys);
    return { channels: channels.map(channelView) };
  }
}
