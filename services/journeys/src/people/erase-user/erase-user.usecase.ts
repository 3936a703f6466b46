import { UserErasure, userErasureIdentity } from '@cairn/contracts';
import { CLOCK, Clock } from '@cairn/core';
import { ErasureLedger } from '@cairn/db';
import { OutboxRelay } from '@cairn/kafka';
import { consumeBatch, ConsumerScope, DATA_SOURCE, OUTBOX } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { lockIds } from '../../identity/identity-lock';
import { personIds } from '../person-ids';
import { PersonRepository } from '../person.repository';
import { EraseUserCommand } from './erase-user.command';

export const ERASURES_CONSUMER = 'journeys.user-erasures';
const SCOPE: ConsumerScope<UserErasure> = { consumer: ERASURES_CONSUMER, identity: userErasureIdentity, workspaceOf: (e) => e.workspaceId };

/**
 * Journeys' part of an erasure (`cairn.user-erasures.v1`): every id of the
 * person (those the request names and those journeys merged into them) is
 * locked against a batch or merge in flight, and its runs with their timers,
 * sends and coupons, traits and memberships, item interest, identity links and
 * unpublished requests are removed; the suppression record is written. From
 * then on an event or membership change of those ids stamped at or before the
 * request is dropped, and a run of the new person carries `personSince`, so a
 * request made for the erased person (a timer that fired before this) is
 * dropped by messaging. Handling the same request twice changes nothing.
 */
@Injectable()
export class EraseUserUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  async execute(command: EraseUserCommand): Promise<void> {
    await consumeBatch({ dataSource: this.dataSource, schema: 'journeys', outbox: this.outbox }, SCOPE, command.erasures, async (m, workspaceId, erasures) => {
      for (const erasure of erasures) await this.erase(m, workspaceId, erasure);
      return 0;
    });
  }

  private async erase(m: EntityManager, workspaceId: string, erasure: UserErasure): Promise<void> {
    const ids = new Set(erasure.ids);
    for (const id of erasure.ids) for (const known of (await personIds(m, workspaceId, id)).ids) ids.add(known);
    await lockIds(m, workspaceId, [...ids]);
    await new PersonRepository(m).erase(workspaceId, [...ids]);
    const request = { erasureId: erasure.erasureId, ids: [...ids], erasedAt: new Date(erasure.requestedAt), suppress: erasure.suppress };
    await new ErasureLedger(m, 'journeys').record(workspaceId, request, this.clock.now());
  }
}
