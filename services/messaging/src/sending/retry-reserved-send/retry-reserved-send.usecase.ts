import { CairnConfig } from '@cairn/config';
import { Clock, CLOCK } from '@cairn/core';
import { IsolatedPassOptions, IsolatedWork, runIsolatedPass } from '@cairn/db';
import { OutboxRelay } from '@cairn/kafka';
import { Logger } from '@cairn/observability';
import { CONFIG, DATA_SOURCE, isolatedPassOptions, LOGGER, OUTBOX } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SendIntent } from '../../messages/intent';
import { IntentRepository } from '../../messages/intent.repository';
import { DecideIntent, DELIVERY_LEASE_MS } from '../decide-intent';
import { DeliverSends } from '../deliver-sends';
import { MESSAGING_SCHEMA } from '../../shared/schema';
import { RETRY_KIND } from '../parked-kinds';

/**
 * Claims one reserved send (of any workspace) whose lease or backoff ran out,
 * checks it again (a withdrawal or quiet hours reached meanwhile end or defer
 * it, with an outcome) and tries the provider again; false when none is due.
 * A send whose re-check fails on its own is set aside with backoff, then
 * parked, instead of being claimed first on every pass. It takes no input:
 * what is due is the database's to say.
 */
@Injectable()
export class RetryReservedSendUseCase {
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

  async execute(): Promise<boolean> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + DELIVERY_LEASE_MS);
    const work: IsolatedWork<SendIntent, { intent?: SendIntent }> = {
      kind: RETRY_KIND,
      identify: (intent) => ({ item: intent.id, workspaceId: intent.workspaceId }),
      claim: async (manager, only) => {
        const intent = await new IntentRepository(manager).claimRetry(now, leaseUntil, only?.[0].id);
        return intent ? [intent] : [];
      },
      handle: async (manager, [intent]) => ({
        intent: await this.decider.recheckReserved(manager, { intent, workspace: this.config.workspaces.find((w) => w.id === intent.workspaceId), now }),
      }),
      setAside: (manager, intent, retryAt) => new IntentRepository(manager).retryAt(intent.id, retryAt),
    };
    const pass = await runIsolatedPass(this.passOptions, work);
    if (pass.claimed === 0) return false;
    this.outbox.nudge();
    const [checked] = pass.results;
    if (checked?.intent) await this.sends.deliverAll([checked.intent]);
    return true;
  }
}
