import { UserErasure, userErasureIdentity } from '@cairn/contracts';
import { CLOCK, Clock } from '@cairn/core';
import { ErasureLedger } from '@cairn/db';
import { OutboxRelay } from '@cairn/kafka';
import { consumeBatch, ConsumerScope, DATA_SOURCE, OUTBOX } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { MESSAGING_SCHEMA } from '../../shared/schema';
import { lockUsers } from '../../shared/user-lock';
import { IdentityLinkRepository } from '../identity-link.repository';
import { IDENTITY_LINKS_CONSUMER } from '../merge-identities/merge-identities.usecase';
import { PersonRepository } from '../person.repository';
import { EraseUserCommand } from './erase-user.command';

export const ERASURES_CONSUMER = 'messaging.user-erasures';
const SCOPE: ConsumerScope<UserErasure> = { consumer: ERASURES_CONSUMER, identity: userErasureIdentity, workspaceOf: (e) => e.workspaceId };

/**
 * Messaging's part of an erasure (`cairn.user-erasures.v1`): under the locks
 * of every id of the person (those the request names and those merged into
 * them here), so no send decision or consent change interleaves, the send
 * intents (rendered content, context, addresses), consents and their history,
 * identity merges and unpublished outcomes are removed, and the suppression
 * record written. Deliveries already queued finish, and their results find no
 * intent to record. A request made for the erased person that arrives later is
 * dropped (withoutErasedRequests). Handling the same request twice changes nothing.
 */
@Injectable()
export class EraseUserUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  async execute(command: EraseUserCommand): Promise<void> {
    await consumeBatch(
      { dataSource: this.dataSource, schema: MESSAGING_SCHEMA, outbox: this.outbox },
      SCOPE,
      command.erasures,
      async (m, workspaceId, erasures) => {
        for (const erasure of erasures) await this.erase(m, workspaceId, erasure);
        return 0;
      },
    );
  }

  private async erase(m: EntityManager, workspaceId: string, erasure: UserErasure): Promise<void> {
    const links = new IdentityLinkRepository(m);
    const ids = new Set(erasure.ids);
    for (const id of erasure.ids) for (const merged of await links.mergedInto(workspaceId, await links.finalOf(workspaceId, id))) ids.add(merged);
    await lockUsers(
      m,
      [...ids].map((userId) => ({ workspaceId, userId })),
    );
    await new PersonRepository(m).erase(workspaceId, [...ids], IDENTITY_LINKS_CONSUMER);
    const request = { erasureId: erasure.erasureId, ids: [...ids], erasedAt: new Date(erasure.requestedAt), suppress: erasure.suppress };
    await new ErasureLedger(m, MESSAGING_SCHEMA).record(workspaceId, request, this.clock.now());
  }
}
