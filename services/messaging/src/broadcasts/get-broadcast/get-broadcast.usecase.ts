import { NotFound } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BroadcastTargetRepository } from '../broadcast-target.repository';
import { BroadcastRepository } from '../broadcast.repository';
import { broadcastView, BroadcastView } from '../broadcast.view';
import { GetBroadcastCommand } from './get-broadcast.command';

/** A broadcast and its progress: members targeted, held out, pending; messages sent, deferred, suppressed and failed by reason. */
@Injectable()
export class GetBroadcastUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute({ workspaceId, idOrKey }: GetBroadcastCommand): Promise<BroadcastView> {
    const m = this.dataSource.manager;
    const broadcast = await new BroadcastRepository(m).find(workspaceId, idOrKey);
    if (!broadcast) throw new NotFound('broadcast', idOrKey);
    return broadcastView(broadcast, await new BroadcastTargetRepository(m).counts(workspaceId, broadcast.id));
  }
}
