import { CairnConfig, WorkspaceConfig } from '@cairn/config';
import { Clock, CLOCK } from '@cairn/core';
import { IsolatedPassOptions, IsolatedWork, runIsolatedPass } from '@cairn/db';
import { OutboxRelay } from '@cairn/kafka';
import { Logger } from '@cairn/observability';
import { CONFIG, DATA_SOURCE, isolatedPassOptions, LOGGER, OUTBOX } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SendIntent } from '../../messages/intent';
import { IntentRepository } from '../../messages/intent.repository';
import { DecideIntent, DecisionItem } from '../decide-intent';
import { DeliverSends } from '../deliver-sends';
import { MESSAGING_SCHEMA } from '../../shared/schema';
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
  private readonly passOptions: IsolatedPassOptions;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(LOGGER) logger: Logger,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
    private readonly decider: DecideIntent,
    private readonly sends: DeliverSends,
  ) {
    this.passOptions = isolatedPassOptions({ dataSource, schema: MESSAGING_SCHEMA, logger, clock, config });
  }

  async execute({ limit }: ProcessDueIntentsCommand): Promise<number> {
    const now = this.clock.now();
    const work: IsolatedWork<SendIntent, SendIntent[]> = {
      kind: DEFERRED_KIND,
      identify: (intent) => ({ item: intent.id, workspaceId: intent.workspaceId }),
      claim: (manager, only) =>
        new IntentRepository(manager).claimDue(
          now,
          only ? only.length : limit,
          only?.map((i) => i.id),
        ),
      handle: (manager, claimed) => this.decideDue(manager, claimed, now),
      setAside: (manager, intent, retryAt) => new IntentRepository(manager).deferUntil(intent.id, retryAt),
    };
    const pass = await runIsolatedPass(this.passOptions, work);
    if (pass.claimed > 0) this.outbox.nudge();
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
    return this.config.workspaces.find((w) => w.id === id);
  }
}
