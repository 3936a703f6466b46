import { WorkspaceConfig } from '@cairn/config';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConsentRepository } from '../consents/consent.repository';
import { ContentChannel, decideSend, MessageContent, relevantHistoryWindow, resolveTimeZone } from '../domain';
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
    const decision = decideSend({
      request: {
        channel: intent.channel,
        channelType: input.contentChannel,
        journeyId: intent.journey?.key ?? null,
        category: intent.category,
        content: input.content,
      },
      policy,
      consents: await this.consents.load(manager, workspace.id, intent.userId),
      sent: await this.intents.countedSends(manager, workspace.id, intent.userId, since),
      now,
      timeZone: resolveTimeZone(userTimeZoneTrait(intent.context), workspace.timezone),
      krAdLaw: workspace,
    });
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
}
