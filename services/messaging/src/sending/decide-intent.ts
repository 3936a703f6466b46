import { WorkspaceConfig } from '@cairn/config';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConsentRepository } from '../consents/consent.repository';
import {
  ContentChannel, decideSend, FrequencyPolicy, MessageContent, relevantHistoryWindow, resolveTimeZone, SendDecision, SentRecord,
} from '../domain';
import { IntentRepository } from '../messages/intent.repository';
import { SendIntent } from '../messages/intent';
import { PolicyRepository } from '../policy/policy.repository';
import { lockUser } from '../shared/user-lock';

export interface DecideIntentInput {
  intent: SendIntent;
  workspace: WorkspaceConfig;
  contentChannel: ContentChannel;
  /** Rendered content, before any compliance labelling. */
  content: MessageContent;
  now: Date;
}

/** How long a worker may take to deliver a reserved send before another claims it (the provider gets the same idempotency key). */
export const DELIVERY_LEASE_MS = 5 * 60_000;

function userTimeZoneTrait(context: Record<string, unknown>): unknown {
  const user = context.user;
  return typeof user === 'object' && user !== null ? (user as Record<string, unknown>).timezone : undefined;
}

/**
 * Decides one intent inside the caller's transaction, under the user's lock:
 * the user's counted sends, consents and the policy are read after the lock, so
 * concurrent decisions for one user see each other's reservations. A send is
 * reserved (SENDING, counted from now) before the transaction ends.
 */
@Injectable()
export class DecideIntent {
  constructor(
    private readonly intents: IntentRepository,
    private readonly consents: ConsentRepository,
    private readonly policies: PolicyRepository,
  ) {}

  async decide(manager: EntityManager, input: DecideIntentInput): Promise<SendIntent | undefined> {
    const { intent, workspace, now } = input;
    await lockUser(manager, workspace.id, intent.userId);
    const policy = await this.policies.get(workspace.id, workspace.compliance, manager);
    const since = new Date(now.getTime() - relevantHistoryWindow(policy));
    const sent = await this.intents.countedSends(manager, workspace.id, intent.userId, since);
    const decision = await this.evaluate(manager, input, policy, sent);
    const from: SendIntent['status'][] = ['PENDING', 'DEFERRED'];
    if (decision.action === 'send') {
      const retryAt = new Date(now.getTime() + DELIVERY_LEASE_MS);
      return this.intents.transition(manager, intent.id, from, { status: 'SENDING', content: decision.content, countedAt: now, retryAt }, now);
    }
    if (decision.action === 'suppress') {
      return this.intents.transition(manager, intent.id, from, { status: 'SUPPRESSED', reason: decision.reason, content: input.content }, now);
    }
    return this.intents.transition(
      manager,
      intent.id,
      from,
      { status: 'DEFERRED', reason: decision.reason, content: input.content, deferredUntil: decision.until },
      now,
    );
  }

  /**
   * Decides a reserved send again before another try (a later try after an
   * outage, or a crashed worker's lease): a consent withdrawn, the night rule
   * or quiet hours reached meanwhile end or defer it; its reservation already
   * counts, so caps are not checked again. Returns the intent still to
   * deliver, or undefined when it was suppressed or deferred (with an outcome).
   */
  async recheckReserved(manager: EntityManager, input: Omit<DecideIntentInput, 'content' | 'contentChannel'>): Promise<SendIntent | undefined> {
    const { intent, workspace, now } = input;
    if (!intent.content || !intent.contentChannel) return intent;
    await lockUser(manager, workspace.id, intent.userId);
    const policy = await this.policies.get(workspace.id, workspace.compliance, manager);
    const full = { ...input, content: intent.content, contentChannel: intent.contentChannel };
    const decision = await this.evaluate(manager, full, { ...policy, rules: [] }, []);
    if (decision.action === 'send') return intent;
    // Not counted any more: a suppressed or deferred send frees its place under the caps.
    const update = decision.action === 'suppress'
      ? { status: 'SUPPRESSED' as const, reason: decision.reason, countedAt: null }
      : { status: 'DEFERRED' as const, reason: decision.reason, deferredUntil: decision.until, countedAt: null };
    await this.intents.transition(manager, intent.id, ['SENDING'], update, now);
    return undefined;
  }

  private async evaluate(manager: EntityManager, input: DecideIntentInput, policy: FrequencyPolicy, sent: SentRecord[]): Promise<SendDecision> {
    const { intent, workspace } = input;
    return decideSend({
      request: {
        channel: intent.channel,
        channelType: input.contentChannel,
        journeyId: intent.journey?.key ?? null,
        category: intent.category,
        content: input.content,
      },
      policy,
      consents: await this.consents.load(manager, workspace.id, intent.userId),
      sent,
      now: input.now,
      timeZone: resolveTimeZone(userTimeZoneTrait(intent.context), workspace.timezone),
      krAdLaw: workspace,
    });
  }
}
