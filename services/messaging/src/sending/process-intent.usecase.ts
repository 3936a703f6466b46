import { WorkspaceConfig } from '@cairn/config';
import { backoffDelay, RetryPolicy } from '@cairn/kafka';
import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ChannelRepository } from '../channels/channel.repository';
import { chooseLocaleVariant, ContentChannel, MessageContent, TemplateContext, TemplateRenderer } from '../domain';
import { SendIntent } from '../messages/intent';
import { IntentRepository } from '../messages/intent.repository';
import { Delivery } from '../providers/delivery';
import { TemplateRepository } from '../templates/template.repository';
import { DecideIntent, DELIVERY_LEASE_MS } from './decide-intent';

/** Later tries of a reserved send whose provider was unavailable (on the service clock), then FAILED. */
export const REDELIVERY: RetryPolicy = { attempts: 20, baseDelayMs: 30_000, maxDelayMs: 30 * 60_000 };

type Prepared = { ok: true; content: MessageContent; contentChannel: ContentChannel } | { ok: false; reason: string };

/**
 * Takes one intent from PENDING (or due DEFERRED) to its outcome: render the
 * template, decide under the user's lock and reserve, then call the provider
 * outside any transaction, then record SENT or FAILED. Every outcome goes to
 * the outbox in the transaction that records it.
 */
@Injectable()
export class ProcessIntentUseCase {
  private readonly renderer = new TemplateRenderer();

  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly intents: IntentRepository,
    private readonly templates: TemplateRepository,
    private readonly channels: ChannelRepository,
    private readonly decider: DecideIntent,
    private readonly delivery: Delivery,
  ) {}

  /** Decides and delivers a PENDING intent; a no-op if it is no longer pending. */
  async processPending(id: string): Promise<void> {
    const intent = await this.intents.find(this.platform.dataSource.manager, id);
    if (!intent || intent.status !== 'PENDING') return;
    const workspace = this.workspace(intent.workspaceId);
    if (!workspace) return this.fail(intent.id, ['PENDING'], 'unknown_workspace');
    const prepared = await this.prepare(intent);
    if (!prepared.ok) return this.fail(intent.id, ['PENDING'], prepared.reason);
    const decided = await this.platform.dataSource.transaction(async (manager) => {
      const locked = await this.intents.find(manager, id, { lock: true });
      if (!locked || locked.status !== 'PENDING') return undefined;
      await this.intents.setContentChannel(manager, id, prepared.contentChannel);
      return this.decider.decide(manager, { intent: locked, workspace, ...prepared, now: this.platform.clock.now() });
    });
    this.platform.outbox.nudge();
    if (decided?.status === 'SENDING') await this.deliver(decided);
  }

  /** Claims one due DEFERRED intent and decides it again with today's consents, caps and clock; false when none is due. */
  async processOneDue(): Promise<boolean> {
    const now = this.platform.clock.now();
    const result = await this.platform.dataSource.transaction(async (manager) => {
      const intent = await this.intents.claimDue(manager, now);
      if (!intent) return { claimed: false as const };
      const workspace = this.workspace(intent.workspaceId);
      if (!workspace || !intent.content || !intent.contentChannel) {
        await this.intents.transition(manager, intent.id, ['DEFERRED'], { status: 'FAILED', reason: 'unknown_workspace' }, now);
        return { claimed: true as const };
      }
      const decided = await this.decider.decide(manager, {
        intent, workspace, content: intent.content, contentChannel: intent.contentChannel, now,
      });
      return { claimed: true as const, decided };
    });
    this.platform.outbox.nudge();
    if (result.claimed && result.decided?.status === 'SENDING') await this.deliver(result.decided);
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
    await this.deliver(result.intent);
    return 'delivered';
  }

  private workspace(id: string): WorkspaceConfig | undefined {
    return this.platform.config.workspaces.find((w) => w.id === id);
  }

  private async prepare(intent: SendIntent): Promise<Prepared> {
    const context = { ...intent.context, user: (intent.context.user as Record<string, unknown>) ?? {} } as TemplateContext;
    const template = chooseLocaleVariant(await this.templates.variants(intent.workspaceId, intent.template), context.user.locale);
    if (!template) return { ok: false, reason: 'template_not_found' };
    try {
      return { ok: true, content: await this.renderer.render(template.content, context), contentChannel: template.channel };
    } catch (error) {
      this.platform.logger.warn({ intent: intent.id, err: (error as Error).message }, 'template rendering failed');
      return { ok: false, reason: 'template_render_failed' };
    }
  }

  private async deliver(intent: SendIntent): Promise<void> {
    const channel = await this.channels.find(intent.workspaceId, intent.channel);
    if (!channel) return this.fail(intent.id, ['SENDING'], 'channel_not_found');
    const result = await this.delivery.deliver({
      id: intent.id,
      idempotencyKey: intent.idempotencyKey,
      workspaceId: intent.workspaceId,
      userId: intent.userId,
      channel,
      template: intent.template,
      category: intent.category,
      journey: intent.journey,
      content: intent.content!,
      user: (intent.context.user as Record<string, unknown>) ?? {},
    });
    const now = this.platform.clock.now();
    if (!result.ok) {
      const level = result.code === 'circuit_open' ? 'debug' : 'warn';
      this.platform.logger[level]({ intent: intent.id, channel: channel.key, code: result.code, err: result.message }, 'delivery failed');
      if (!result.retryable || intent.attempts >= REDELIVERY.attempts) return this.fail(intent.id, ['SENDING'], result.code);
      const retryAt = new Date(now.getTime() + backoffDelay(REDELIVERY, intent.attempts));
      await this.platform.dataSource.transaction((manager) => this.intents.park(manager, intent.id, result.code, retryAt, now));
      return;
    }
    await this.platform.dataSource.transaction((manager) =>
      this.intents.transition(manager, intent.id, ['SENDING'], { status: 'SENT', sentAt: now }, now),
    );
    this.platform.outbox.nudge();
  }

  private async fail(id: string, from: SendIntent['status'][], reason: string): Promise<void> {
    const now = this.platform.clock.now();
    await this.platform.dataSource.transaction((manager) =>
      this.intents.transition(manager, id, from, { status: 'FAILED', reason, countedAt: null }, now),
    );
    this.platform.outbox.nudge();
  }
}
