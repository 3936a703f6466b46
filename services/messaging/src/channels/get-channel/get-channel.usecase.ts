import { NotFound } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelCredentials } from '../channel-credentials';
import { ChannelRepository } from '../channel.repository';
import { channelView, ChannelView } from '../channel.view';
import { GetChannelCommand } from './get-channel.command';

/** One channel, write-only fields shown as set or unset; 404 when there is none. */
@Injectable()
export class GetChannelUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly credentials: ChannelCredentials,
  ) {}

  async execute({ workspaceId, key }: GetChannelCommand): Promise<ChannelView> {
    const channel = await new ChannelRepository(this.dataSource.manager, this.credentials).find(workspaceId, key);
    if (!channel) throw new NotFound('channel', key);
    return channelView(channel);
  }
}
