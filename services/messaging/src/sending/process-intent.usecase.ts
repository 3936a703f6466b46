import { WorkspaceConfig } from '@cairn/config';
import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SendIntent } from '../messages/intent';
import { IntentRepository } from '../messages/intent.repository';
import { DecideIntent, DecisionItem, DELIVERY_LEASE_MS } from './decide-intent';
import { DeliverSends } from './deliver-sends';

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
    private readonly intents: IntentRepository,
    private readonly decider: DecideIntent,
    private readonly sends: DeliverSends,
  ) {}

  /**
   * Claims up to `limit` due DEFERRED intents and decides them again, set-based,
   * with today's consents, caps and clock (the reserved ones are queued for
   * delivery); returns how many it claimed.
   */
  async processDue(limit: number): Promise<number> {
    const now = this.platform.clock.now();
    const result = await this.platform.dataSource.transaction(async (manager) => {
      const claimed = await this.intents.claimDue(manager, now, limit);
      const items: DecisionItem[] = [];
      for (const intent of claimed) {
        const workspace = this.workspace(intent.workspaceId);
        if (workspace && intent.content && intent.contentChannel) {
          items.push({ intent, workspace, prepared: { ok: true, content: intent.content, contentChannel: intent.contentChannel } });
        } else {
          await this.intents.transition(manager, intent, ['DEFERRED'], { status: 'FAILED', reason: 'unknown_workspace' }, now);
        }
      }
      return { claimed: claimed.length, reserved: await this.decider.decideMany(manager, items, now, ['DEFERRED']) };
    });
    if (result.claimed > 0) this.platform.outbox.nudge();
    await this.sends.enqueue(result.reserved);
    return result.claimed;
  }

  /**
   * Claims one reserved send whose lease or backoff ran out, checks it again
   * (a withdrawal or quiet hours reached meanwhile end or defer it) and tries
   * the provider again; false when none is due.
   */
  async processOneRetry(): Promise<boolean> {
    return (await this.retryClaimed((manager, now, leaseUntil) => this.intents.claimRetry(manager, now, leaseUntil))) !== 'none';
  }

  /**
   * A channel's breaker half-opened: tries one of its parked sends at once to
   * probe the provider (sends that a re-check ends are skipped). False when
   * the channel has no parked send left to probe with.
   */
  async probeChannel(workspaceId: string, channel: string): Promise<boolean> {
    for (;;) {
      const result = await this.retryClaimed((manager, now, leaseUntil) => this.intents.claimParked(manager, workspaceId, channel, now, leaseUntil));
      if (result === 'none') return false;
      if (result === 'delivered') return true;
    }
  }

  /** A channel's provider is back: its parked sends are due now (the poller takes them). */
  async releaseChannel(workspaceId: string, channel: string): Promise<number> {
    const now = this.platform.clock.now();
    return this.platform.dataSource.transaction((manager) => this.intents.releaseParked(manager, workspaceId, channel, now));
  }

  private async retryClaimed(
    claim: (manager: EntityManager, now: Date, leaseUntil: Date) => Promise<SendIntent | undefined>,
  ): Promise<'none' | 'ended' | 'delivered'> {
    const now = this.platform.clock.now();
    const result = await this.platform.dataSource.transaction(async (manager) => {
      const intent = await claim(manager, now, new Date(now.getTime() + DELIVERY_LEASE_MS));
      if (!intent) return { claimed: false as const };
      const workspace = this.workspace(intent.workspaceId);
      if (!workspace) return { claimed: true as const, intent };
      return { claimed: true as const, intent: await this.decider.recheckReserved(manager, { intent, workspace, now }) };
    });
    if (!result.claimed) return 'none';
    this.platform.outbox.nudge();
    if (!result.intent) return 'ended';
    await this.sends.deliverAll([result.intent]);
    return 'delivered';
  }

  private workspace(id: string): WorkspaceConfig | undefined {
    return this.platform.config.workspaces.find((w) => w.id === id);
  }
}
