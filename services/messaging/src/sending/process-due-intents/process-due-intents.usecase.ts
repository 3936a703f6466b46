import { WorkspaceConfig } from '@cairn/config';
import { IsolatedWork, runIsolatedPass } from '@cairn/db';
import { isolatedPassOptions, Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SendIntent } from '../../messages/intent';
import { IntentRepository } from '../../messages/intent.repository';
import { DecideIntent, DecisionItem } from '../decide-intent';
import { DeliverSends } from '../deliver-sends';
import { DEFERRED_KIND } from '../parked-kinds';
import { ProcessDueIntentsCommand } from './process-due-intents.command';

/**
 * Claims up to `limit` due DEFERRED intents (of every workspace) and decides
 * them again, set-based, with today's consents, caps and clock; the reserved
 * ones are queued for delivery, every outcome goes to the outbox in the
 * transaction that records it. Returns how many it claimed. An intent whose
 * decision fails on its own is set aside with backoff, then parked
 * (runIsolatedPass); the others are decided.
 */
@Injectable()
export class ProcessDueIntentsUseCase {
  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly decider: DecideIntent,
    private readonly sends: DeliverSends,
  ) {}

  async execute({ limit }: ProcessDueIntentsCommand): Promise<number> {
    const now = this.platform.clock.now();
    const work: IsolatedWork<SendIntent, SendIntent[]> = {
      kind: DEFERRED_KIND,
      identify: (intent) => ({ item: intent.id, workspaceId: intent.workspaceId }),
      claim: (manager, only) => new IntentRepository(manager).claimDue(now, only ? only.length : limit, only?.map((i) => i.id)),
      handle: (manager, claimed) => this.decideDue(manager, claimed, now),
      setAside: (manager, intent, retryAt) => new IntentRepository(manager).deferUntil(intent.id, retryAt),
    };
    const pass = await runIsolatedPass(isolatedPassOptions(this.platform), work);
    if (pass.claimed > 0) this.platform.outbox.nudge();
    await this.sends.enqueue(pass.results.flat());
    return pass.claimed;
  }

  private async decideDue(manager: EntityManager, claimed: SendIntent[], now: Date): Promise<SendIntent[]> {
    const items: DecisionItem[] = [];
    for (const intent of claimed) {
      const workspace = this.workspace(intent.workspaceId);
      if (workspace && intent.content && intent.contentChannel) {
        items.push({ intent, workspace, prepared: { ok: true, content: intent.content, contentChannel: intent.contentChannel } });
      } else {
        await new IntentRepository(manager).transition(intent, ['DEFERRED'], { status: 'FAILED', reason: 'unknown_workspace' }, now);
      }
    }
    return this.decider.decideMany(manager, items, now, ['DEFERRED']);
  }

  private workspace(id: string): WorkspaceConfig | undefined {
    return this.platform.config.workspaces.find((w) => w.id === id);
  }
}
