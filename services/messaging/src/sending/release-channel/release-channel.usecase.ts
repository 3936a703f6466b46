import { Clock, CLOCK } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntentRepository } from '../../messages/intent.repository';
import { ReleaseChannelCommand } from './release-channel.command';

/** A channel's provider is back: its parked sends are due now (the poller takes them); returns how many. */
@Injectable()
export class ReleaseChannelUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ workspaceId, channel }: ReleaseChannelCommand): Promise<number> {
    const now = this.clock.now();
    return this.dataSource.transaction((manager) => new IntentRepository(manager).releaseParked(workspaceId, channel, now));
  }
}
