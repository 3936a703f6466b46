import { CairnConfig, dataRightsOf } from '@cairn/config';
import { TOPICS, UserErasure, userErasureKey } from '@cairn/contracts';
import { CLOCK, Clock } from '@cairn/core';
import { ErasureLedger } from '@cairn/db';
import { addToOutbox, OutboxRelay } from '@cairn/kafka';
import { CONFIG, DATA_SOURCE, OUTBOX } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UserStateRepository } from '../../evaluation/user-state.repository';
import { personIds } from '../person-ids';
import { PersonRepository } from '../person.repository';
import { RequestErasureCommand } from './request-erasure.command';

const MAX_IDS = 1000;

export interface ErasureAccepted {
  erasureId: string;
  /** The person's final user id (the one the request named, or the user it was merged into). */
  userId: string;
  requestedAt: string;
  suppress: boolean;
}

/**
 * The start of an erasure, in one transaction: the person's ids are resolved
 * (the final user and every id merged into it), their state rows locked (no
 * evaluation of them is in flight; a link that committed meanwhile is seen
 * when the ids are read again), segments' own data removed at once (so it
 * publishes nothing more about the erased person), the suppression record
 * written, and the request published on `cairn.user-erasures.v1`, which every
 * service (segments too, again, idempotently) acts on.
 */
@Injectable()
export class RequestErasureUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  async execute(command: RequestErasureCommand): Promise<ErasureAccepted> {
    const { workspaceId } = command;
    const suppress = dataRightsOf(this.config.workspaces.find((w) => w.id === workspaceId)).suppressErasedIds;
    const accepted = await this.dataSource.transaction(async (m) => {
      const first = await personIds(m, workspaceId, command.userId);
      await new UserStateRepository(m).lockExistingUsers(workspaceId, first.ids);
      const person = await personIds(m, workspaceId, command.userId);
      const ids = [...new Set([...first.ids, ...person.ids])];
      const now = this.clock.now();
      const erasure: UserErasure = {
        v: 1,
        workspaceId,
        erasureId: randomUUID(),
        userId: person.userId,
        // The contract carries at most 1,000 ids (the user first); each service also erases the ids it merged itself.
        ids: [person.userId, ...ids.filter((i) => i !== person.userId)].slice(0, MAX_IDS),
        requestedAt: now.toISOString(),
        suppress,
      };
      await new PersonRepository(m).erase(workspaceId, ids);
      await new ErasureLedger(m, 'segments').record(workspaceId, { erasureId: erasure.erasureId, ids, erasedAt: now, suppress }, now);
      await addToOutbox(m, 'segments', [{ topic: TOPICS.userErasures, key: userErasureKey(erasure), value: JSON.stringify(erasure) }]);
      return { erasureId: erasure.erasureId, userId: erasure.userId, requestedAt: erasure.requestedAt, suppress };
    });
    this.outbox.nudge();
    return accepted;
  }
}
