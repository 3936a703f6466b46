import { WorkspaceConfig } from '@cairn/config';
import { IsolatedWork, runIsolatedPass } from '@cairn/db';
import { isolatedPassOptions, ParkedKind, Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SendIntent } from '../messages/intent';
import { IntentRepository } from '../messages/intent.repository';
import { DecideIntent, DecisionItem, DELIVERY_LEASE_MS } from './decide-intent';
import { DeliverSends } from './deliver-sends';

/** Failure-ledger kinds: a due DEFERRED intent decided again, a reserved send checked and tried again. */
export const DEFERRED_KIND = 'deferred';
export const RETRY_KIND = 'retry';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An operator's retry of a failing or parked deferred intent: due now (false when it is no longer deferred). */
export const deferredParkedKind: ParkedKind = {
  kind: DEFERRED_KIND,
  release: async (m, { workspaceId, item, now }) => UUID_RE.test(item) && new IntentRepository(m).releaseDeferred(workspaceId, item, now),
};

/** An operator's retry of a failing or parked reserved send: due now (false when it is no longer reserved). */
export const retryParkedKind: ParkedKind = {
  kind: RETRY_KIND,
  release: async (m, { workspaceId, item, now }) => UUID_RE.test(item) && new IntentRepository(m).releaseReserved(workspaceId, item, now),
};

/**
 * The later lives of single intents: a due DEFERRED intent is decided again, a
 * reserved send whose lease or backoff ran out is checked again and tried
 * again, and a half-open breaker is probed with a parked send. Every outcome
 * goes to the outbox in the transaction that records it.
 */
@Injectable()
export class ProcessIntentUseCase {
  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly decider: DecideIntent,
    private readonly sends: DeliverSends,
  ) {}

  /**
   * Claims up to `limit` due DEFERRED intents and decides them again, set-based,
   * with today's consents, caps and clock (the reserved ones are queued for
   * delivery); returns how many it claimed. An intent whose decision fails on
   * its own is set aside with backoff, then parked (runIsolatedPass); the
   * others are decided.
   */
  async processDue(limit: number): Promise<number> {
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

  /**
   * Claims one reserved send whose lease or backoff ran out, checks it again
   * (a withdrawal or quiet hours reached meanwhile end or defer it) and tries
   * the provider again; false when none is due. A send whose re-check fails
   * on its own is set aside with backoff, then parked, instead of being
   * claimed first on every pass.
   */
  async processOneRetry(): Promise<boolean> {
    const now = this.platform.clock.now();
    const leaseUntil = new Date(now.getTime() + DELIVERY_LEASE_MS);
    const work: IsolatedWork<SendIntent, { intent?: SendIntent }> = {
      kind: RETRY_KIND,
      identify: (intent) => ({ item: intent.id, workspaceId: intent.workspaceId }),
      claim: async (manager, only) => {
        const intent = await new IntentRepository(manager).claimRetry(now, leaseUntil, only?.[0].id);
        return intent ? [intent] : [];
      },
      handle: (manager, [intent]) => this.recheck(manager, intent, now),
      setAside: (manager, intent, retryAt) => new IntentRepository(manager).retryAt(intent.id, retryAt),
    };
    const pass = await runIsolatedPass(isolatedPassOptions(this.platform), work);
    if (pass.claimed === 0) return false;
    this.platform.outbox.nudge();
    const [checked] = pass.results;
    if (checked?.intent) await this.sends.deliverAll([checked.intent]);
    return true;
  }

  /**
   * A channel's breaker half-opened: tries one of its parked sends at once to
   * probe the provider (sends that a re-check ends are skipped). False when
   * the channel has no parked send left to probe with.
   */
  async probeChannel(workspaceId: string, channel: string): Promise<boolean> {
    for (;;) {
      const result = await this.retryClaimed((manager, now, leaseUntil) => new IntentRepository(manager).claimParked(workspaceId, channel, now, leaseUntil));
      if (result === 'none') return false;
      if (result === 'delivered') return true;
    }
  }

  /** A channel's provider is back: its parked sends are due now (the poller takes them). */
  async releaseChannel(workspaceId: string, channel: string): Promise<number> {
    const now = this.platform.clock.now();
    return this.platform.dataSource.transaction((manager) => new IntentRepository(manager).releaseParked(workspaceId, channel, now));
  }

  private async retryClaimed(
    claim: (manager: EntityManager, now: Date, leaseUntil: Date) => Promise<SendIntent | undefined>,
  ): Promise<'none' | 'ended' | 'delivered'> {
    const now = this.platform.clock.now();
    const result = await this.platform.dataSource.transaction(async (manager) => {
      const intent = await claim(manager, now, new Date(now.getTime() + DELIVERY_LEASE_MS));
      return intent ? { claimed: true as const, ...(await this.recheck(manager, intent, now)) } : { claimed: false as const };
    });
    if (!result.claimed) return 'none';
    this.platform.outbox.nudge();
    if (!result.intent) return 'ended';
    await this.sends.deliverAll([result.intent]);
    return 'delivered';
  }

  /** A claimed reserved send checked again: still to deliver (`intent`), or ended or deferred by the check. */
  private async recheck(manager: EntityManager, intent: SendIntent, now: Date): Promise<{ intent?: SendIntent }> {
    const workspace = this.workspace(intent.workspaceId);
    if (!workspace) return { intent };
    return { intent: await this.decider.recheckReserved(manager, { intent, workspace, now }) };
  }

  private workspace(id: string): WorkspaceConfig | undefined {
    return this.platform.config.workspaces.find((w) => w.id === id);
  }
}
