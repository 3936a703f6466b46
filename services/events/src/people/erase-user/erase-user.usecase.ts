import { UserErasure, userErasureIdentity } from '@cairn/contracts';
import { CLOCK, Clock } from '@cairn/core';
import { ErasureLedger } from '@cairn/db';
import { OutboxRelay } from '@cairn/kafka';
import { consumeBatch, ConsumerScope, DATA_SOURCE, OUTBOX } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PersonRepository } from '../person.repository';
import { EraseUserCommand } from './erase-user.command';

export const ERASURES_CONSUMER = 'events.user-erasures';
const SCOPE: ConsumerScope<UserErasure> = { consumer: ERASURES_CONSUMER, identity: userErasureIdentity, workspaceOf: (e) => e.workspaceId };

/**
 * The events service's part of an erasure (`cairn.user-erasures.v1`): the
 * person's events still waiting in the outbox (or parked there) are removed
 * and the suppression record written. Accepted message ids stay for the
 * 48-hour dedupe horizon (they name no person), so a resent event of the erased
 * person is answered 200 and not published again; after the horizon it is
 * published and every consumer drops it (it is stamped before the erasure).
 */
@Injectable()
export class EraseUserUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  async execute(command: EraseUserCommand): Promise<void> {
    await consumeBatch({ dataSource: this.dataSource, schema: 'events', outbox: this.outbox }, SCOPE, command.erasures, async (m, workspaceId, erasures) => {
      for (const erasure of erasures) {
        await new PersonRepository(m).erase(workspaceId, erasure.ids);
        const request = { erasureId: erasure.erasureId, ids: erasure.ids, erasedAt: new Date(erasure.requestedAt), suppress: erasure.suppress };
        await new ErasureLedger(m, 'events').record(workspaceId, request, this.clock.now());
      }
      return 0;
    });
  }
}
