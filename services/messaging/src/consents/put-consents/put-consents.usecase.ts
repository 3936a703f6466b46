import { Clock, CLOCK } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { applyConsentUpdate } from '@cairn/messaging-domain';
import { lockUser } from '../../shared/user-lock';
import { ConsentRepository } from '../consent.repository';
import { ConsentView } from '../consent.view';
import { PutConsentsCommand } from './put-consents.command';

/**
 * Applies a consent change under the user's lock, so it is ordered with send
 * decisions: a message decided after this commit sees the new consents
 * (deferred messages are decided again when due, so a withdrawal reaches them).
 */
@Injectable()
export class PutConsentsUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: PutConsentsCommand): Promise<ConsentView> {
    const { workspaceId, userId, update } = command;
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      await lockUser(manager, workspaceId, userId);
      const consents = new ConsentRepository(manager);
      const ledger = applyConsentUpdate(await consents.load(workspaceId, userId), update, now);
      await consents.save(workspaceId, userId, ledger, now);
      const changes = Object.entries(update.channels).flatMap(([channel, flags]) =>
        (['advertising', 'night'] as const)
          .filter((kind) => flags[kind] !== undefined)
          .map((kind) => ({ channel, kind, granted: flags[kind]!, source: update.source ?? null })),
      );
      await consents.record(workspaceId, userId, changes, now);
      return { userId, channels: ledger, history: await consents.history(workspaceId, userId) };
    });
  }
}
