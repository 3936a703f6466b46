import { IsolatedWork, runIsolatedPass } from '@cairn/db';
import { isolatedPassOptions, Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { SendIntent } from '../../messages/intent';
import { IntentRepository } from '../../messages/intent.repository';
import { DecideIntent, DELIVERY_LEASE_MS } from '../decide-intent';
import { DeliverSends } from '../deliver-sends';
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
  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly decider: DecideIntent,
    private readonly sends: DeliverSends,
  ) {}

  async execute(): Promise<boolean> {
    const now = this.platform.clock.now();
    const leaseUntil = new Date(now.getTime() + DELIVERY_LEASE_MS);
    const work: IsolatedWork<SendIntent, { intent?: SendIntent }> = {
      kind: RETRY_KIND,
      identify: (intent) => ({ item: intent.id, workspaceId: intent.workspaceId }),
      claim: async (manager, only) => {
        const intent = await new IntentRepository(manager).claimRetry(now, leaseUntil, only?.[0].id);
        return intent ? [intent] : [];
      },
      handle: async (manager, [intent]) => ({
        intent: await this.decider.recheckReserved(manager, { intent, workspace: this.platform.config.workspaces.find((w) => w.id === intent.workspaceId), now }),
      }),
      setAside: (manager, intent, retryAt) => new IntentRepository(manager).retryAt(intent.id, retryAt),
    };
    const pass = await runIsolatedPass(isolatedPassOptions(this.platform), work);
    if (pass.claimed === 0) return false;
    this.platform.outbox.nudge();
    const [checked] = pass.results;
    if (checked?.intent) await this.sends.deliverAll([checked.intent]);
    return true;
  }
}
