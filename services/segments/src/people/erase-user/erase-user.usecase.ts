import { UserErasure, userErasureIdentity } from '@cairn/contracts';
import { CLOCK, Clock } from '@cairn/core';
import { ErasureLedger } from '@cairn/db';
import { OutboxRelay } from '@cairn/kafka';
import { consumeBatch, ConsumerScope, DATA_SOURCE, OUTBOX } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { UserStateRepository } from '../../evaluation/user-state.repository';
import { personIds } from '../person-ids';
import { PersonRepository } from '../person.repository';
import { EraseUserCommand } from './erase-user.command';

export const ERASURES_CONSUMER = 'segments.user-erasures';
const SCOPE: ConsumerScope<UserErasure> = { consumer: ERASURES_CONSUMER, identity: userErasureIdentity, workspaceOf: (e) => e.workspaceId };

/**
 * Segments' part of an erasure published on `cairn.user-erasures.v1`: the
 * request already removed segments' data when it was made, so this removes
 * whatever an event in flight brought back for an id of the person (it is
 * dropped by then: see withoutErasedEvents) and records completion. Handling
 * the same request twice changes nothing.
 */
@Injectable()
export class EraseUserUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  async execute(command: EraseUserCommand): Promise<void> {
    await consumeBatch({ dataSource: this.dataSource, schema: 'segments', outbox: this.outbox }, SCOPE, command.erasures, async (m, workspaceId, erasures) => {
      for (const erasure of erasures) await this.erase(m, workspaceId, erasure);
      return 0;
    });
  }

  private async erase(m: EntityManager, workspaceId: string, erasure: UserErasure): Promise<void> {
    const ids = new Set(erasure.ids);
    for (const id of erasure.ids) for (const known of (await personIds(m, workspaceId, id)).ids) ids.add(known);
    await new UserStateRepository(m).lockExistingUsers(workspaceId, [...ids]);
    await new PersonRepository(m).erase(workspaceId, [...ids]);
    const request = { erasureId: erasure.erasureId, ids: [...ids], erasedAt: new Date(erasure.requestedAt), suppress: erasure.suppress };
    await new ErasureLedger(m, 'segments').record(workspaceId, request, this.clock.now());
  }
}
