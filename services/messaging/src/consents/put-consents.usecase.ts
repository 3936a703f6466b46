import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { applyConsentUpdate, ConsentLedger, ConsentUpdate } from '../domain';
import { lockUser } from '../shared/user-lock';
import { ConsentChange, ConsentRepository } from './consent.repository';

export interface PutConsentsCommand {
  workspaceId: string;
  userId: string;
  update: ConsentUpdate;
}

export interface ConsentView {
  userId: string;
  channels: ConsentLedger;
  history: ConsentChange[];
}

/**
 * Applies a consent change under the user's lock, so it is ordered with send
 * decisions: a message decided after this commit sees the new consents
 * (deferred messages are decided again when due, so a withdrawal reaches them).
 */
@Injectable()
export class PutConsentsUseCase {
  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
  ) {}

  async execute(command: PutConsentsCommand): Promise<ConsentView> {
    const { workspaceId, userId, update } = command;
    const now = this.platform.clock.now();
    return this.platform.dataSource.transaction(async (manager) => {
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
