import { Clock, CLOCK, Conflict, NotFound } from '@cairn/core';
import { OutboxRelay } from '@cairn/kafka';
import { DATA_SOURCE, OUTBOX } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntentRepository } from '../../messages/intent.repository';
import { BroadcastTargetRepository } from '../broadcast-target.repository';
import { BroadcastRepository } from '../broadcast.repository';
import { broadcastView, BroadcastView } from '../broadcast.view';
import { CancelBroadcastCommand } from './cancel-broadcast.command';

/**
 * Stops what a broadcast has not sent yet, in one transaction with the
 * broadcast locked: members not yet requested are sent nothing, and its
 * deferred messages are suppressed `broadcast_cancelled` (with their
 * outcomes); messages already handed to a provider go on. Cancelling again
 * answers the same; a finished broadcast is 409 BROADCAST_FINISHED.
 */
@Injectable()
export class CancelBroadcastUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  async execute({ workspaceId, idOrKey }: CancelBroadcastCommand): Promise<BroadcastView> {
    const now = this.clock.now();
    const id = await this.dataSource.transaction(async (m) => {
      const broadcasts = new BroadcastRepository(m);
      const broadcast = await broadcasts.find(workspaceId, idOrKey, true);
      if (!broadcast) throw new NotFound('broadcast', idOrKey);
      if (broadcast.status === 'completed' || broadcast.status === 'failed') {
        throw new Conflict('BROADCAST_FINISHED', `broadcast ${JSON.stringify(broadcast.key)} is ${broadcast.status}; there is nothing left to stop`);
      }
      if (broadcast.status === 'cancelled') return broadcast.id;
      await broadcasts.cancel(workspaceId, broadcast.id, now);
      await new BroadcastTargetRepository(m).cancelPending(workspaceId, broadcast.id);
      const intents = new IntentRepository(m);
      const deferred = await intents.deferredOfBroadcast(workspaceId, broadcast.id);
      const changes = deferred.map((intent) => ({ intent, update: { status: 'SUPPRESSED' as const, reason: 'broadcast_cancelled', countedAt: null } }));
      await intents.transitionMany(['DEFERRED'], changes, now);
      return broadcast.id;
    });
    this.outbox.nudge();
    const m = this.dataSource.manager;
    return broadcastView((await new BroadcastRepository(m).find(workspaceId, id))!, await new BroadcastTargetRepository(m).counts(workspaceId, id));
  }
}
