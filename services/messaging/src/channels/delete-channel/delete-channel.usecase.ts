import { NotFound } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelCredentials } from '../channel-credentials';
import { ChannelReader } from '../channel.reader';
import { ChannelRepository } from '../channel.repository';
import { DeleteChannelCommand } from './delete-channel.command';

/** Deletes a channel; 404 when there is none. Deliveries on this replica miss it from the next batch on. */
@Injectable()
export class DeleteChannelUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly credentials: ChannelCredentials,
    private readonly reader: ChannelReader,
  ) {}

  async execute({ workspaceId, key }: DeleteChannelCommand): Promise<void> {
    const removed = await new ChannelRepository(this.dataSource.manager, this.credentials).remove(workspaceId, key);
    this.reader.changed(workspaceId);
    if (!removed) throw new NotFound('channel', key);
  }
}
