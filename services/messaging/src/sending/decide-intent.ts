import { WorkspaceConfig } from '@cairn/config';
import { MessageStatus } from '@cairn/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConsentRepository } from '../consents/consent.repository';
import { decideSend, FrequencyPolicy, relevantHistoryWindow, resolveTimeZone, SendDecision, SendRequest } from '@cairn/messaging-domain';
import { IntentChange, IntentRepository, IntentUpdate } from '../messages/intent.repository';
import { SendIntent } from '../messages/intent';
import { PolicyReader } from '../policy/policy.reader';
import { PolicyRepository } from '../policy/policy.repository';
import { groupBy } from '../shared/group-by';
import { lockUsers } from '../shared/user-lock';
import { Prepared } from './prepare-content';
import { decideWithTests, isTestIntent, testPolicy, uncountedIfTest } from './test-sends';
import { addressHash, addressOf } from '../receipts/address';
import { SuppressionRepository } from '../receipts/suppression.repository';

/** An intent to decide, with its workspace and its rendered content (or why it has none). */
export interface DecisionItem {
  intent: SendIntent;
  workspace: WorkspaceConfig;
  prepared: Prepared;
}

/**
 * How long a reserved send belongs to the worker that holds it before another
 * may claim it (the provider gets the same idempotency key). The worker
 * renews it every DELIVERY_LEASE_RENEW_MS while the send is queued, delivered
 * or being recorded, so a dead worker's sends are taken up within a minute.
 */
export const DELIVERY_LEASE_MS = 60_000;
export const DELIVERY_LEASE_RENEW_MS = 20_000;

function userTimeZoneTrait(context: Record<string, unknown>): unknown {
  const user = context.user;
  return typeof user === 'object' && user !== null ? (user as Record<string, unknown>).timezone : undefined;
}

type Rendered = Extract<Prepared, { ok: true }>;

function sendRequest(intent: SendIntent, rendered: Rendered): SendRequest {
  return {
    channel: intent.channel,
    channelType: rendered.contentChannel,
    journeyId: intent.journey?.key ?? null,
    category: intent.category,
    content: rendered.content,
  };
}

function updateFor(rendered: Rendered, decision: SendDecision, now: Date): IntentUpdate {
  if (decision.action === 'send') {
    // Reserved: counted against caps from now; the lease lets another worker take it over after a crash.
    const retryAt = new Date(now.getTime() + DELIVERY_LEASE_MS);
    return { status: 'SENDING', content: decision.content, contentChannel: rendered.contentChannel, countedAt: now, retryAt };
  }
  if (decision.action === 'suppress') return { status: 'SUPPRESSED', reason: decision.reason, ...rendered };
  return { status: 'DEFERRED', reason: decision.reason, deferredUntil: decision.until, ...rendered };
}

/**
 * Send decisions, set-based: one transaction takes the locks of every user
 * concerned (in one fixed order), reads their counted sends, consents and the
 * policy after the locks, decides each user's intents in order in pure code
 * (a reservation counts against the caps of the next one) and records every
 * outcome in one statement. Concurrent decisions for one user (another
 * replica, the deferred poller, a consent change) wait for the lock and see
 * these reservations.
 */
@Injectable()
export class DecideIntent {
  constructor(private readonly policies: PolicyReader) {}

  /**
   * Decides the items still in one of `from` inside the caller's transaction;
   * returns the intents reserved for delivery (SENDING), in item order.
   */
  async decideMany(manager: EntityManager, items: DecisionItem[], now: Date, from: MessageStatus[]): Promise<SendIntent[]> {
    if (items.length === 0) return [];
    await lockUsers(
      manager,
      items.map((item) => item.intent),
    );
    const current = await new IntentRepository(manager).findMany(items.map((item) => item.intent.id));
    const live = items
      .filter((item) => from.includes(current.get(item.intent.id)?.status ?? 'FAILED'))
      .map((item) => ({ ...item, intent: current.get(item.intent.id)! }));
    return this.decideLocked(manager, live, now, from);
  }

  /**
   * `decideMany` for a caller that already holds the locks of the items'
   * users and read the items after taking them.
   */
  async decideLocked(manager: EntityManager, items: DecisionItem[], now: Date, from: MessageStatus[]): Promise<SendIntent[]> {
    const changes: IntentChange[] = [];
    for (const group of groupBy(items, (item) => item.workspace.id).values()) changes.push(...(await this.decideWorkspace(manager, group, now)));
    return new IntentRepository(manager).transitionMany(from, changes, now);
  }

  /**
   * Decides a reserved send again before another try (a later try after an
   * outage, or a crashed worker's lease): a consent withdrawn, the night rule
   * or quiet hours reached meanwhile end or defer it; its reservation already
   * counts, so caps are not checked again. Returns the intent still to
   * deliver, or undefined when it was suppressed or deferred (with an
   * outcome). A send of a workspace no longer configured is delivered as it is.
   */
  async recheckReserved(
    manager: EntityManager,
    input: { intent: SendIntent; workspace: WorkspaceConfig | undefined; now: Date },
  ): Promise<SendIntent | undefined> {
    const { intent, workspace, now } = input;
    if (!workspace || !intent.content || !intent.contentChannel) return intent;
    await lockUsers(manager, [intent]);
    const policy = await new PolicyRepository(manager).get(workspace.id, workspace.compliance);
    const decision = decideSend({
      request: sendRequest(intent, { ok: true, content: intent.content, contentChannel: intent.contentChannel }),
      policy: isTestIntent(intent) ? testPolicy(policy) : { ...policy, rules: [] },
      consents: await new ConsentRepository(manager).load(workspace.id, intent.userId),
      sent: [],
      now,
      timeZone: resolveTimeZone(userTimeZoneTrait(intent.context), workspace.timezone),
      krAdLaw: workspace,
    });
    if (decision.action === 'send') return intent;
    // Not counted any more: a suppressed or deferred send frees its place under the caps.
    const update =
      decision.action === 'suppress'
        ? { status: 'SUPPRESSED' as const, reason: decision.reason, countedAt: null }
        : { status: 'DEFERRED' as const, reason: decision.reason, deferredUntil: decision.until, countedAt: null };
    await new IntentRepository(manager).transition(intent, ['SENDING'], update, now);
    return undefined;
  }

  /**
   * The items whose address a hard bounce or a complaint suppressed on their
   * channel (one query): they are suppressed `address_suppressed`, before
   * consent or caps are looked at.
   */
  private async suppressedAddresses(manager: EntityManager, workspaceId: string, items: DecisionItem[]): Promise<Set<string>> {
    const pairs = items.flatMap(({ intent, prepared }) => {
      const address = prepared.ok ? addressOf(prepared.contentChannel, intent.context.user as Record<string, unknown> | undefined) : undefined;
      return address ? [{ id: intent.id, channel: intent.channel, addressHash: addressHash(workspaceId, address) }] : [];
    });
    const suppressed = await new SuppressionRepository(manager).suppressed(workspaceId, pairs);
    return new Set(pairs.filter((p) => suppressed.has(`${p.channel}\u0000${p.addressHash}`)).map((p) => p.id));
  }

  /** One workspace's items: the policy once, every user's sends and consents in one query each, then each user's intents in order. */
  private async decideWorkspace(manager: EntityManager, all: DecisionItem[], now: Date): Promise<IntentChange[]> {
    const workspace = all[0].workspace;
    const suppressed = await this.suppressedAddresses(manager, workspace.id, all);
    const items = all.filter((item) => !suppressed.has(item.intent.id));
    const changes: IntentChange[] = all
      .filter((item) => suppressed.has(item.intent.id))
      .map(({ intent, prepared }) => {
        const rendered = prepared.ok ? { content: prepared.content, contentChannel: prepared.contentChannel } : {};
        return { intent, update: { status: 'SUPPRESSED' as const, reason: 'address_suppressed', ...rendered } };
      });
    if (items.length === 0) return changes;
    const policy: FrequencyPolicy = await this.policies.forDecisions(manager, workspace.id, workspace.compliance);
    const users = [...new Set(items.map((item) => item.intent.userId))];
    const since = new Date(now.getTime() - relevantHistoryWindow(policy));
    const sent = await new IntentRepository(manager).countedSends(workspace.id, users, since);
    const consents = await new ConsentRepository(manager).loadMany(workspace.id, users);
    for (const [userId, mine] of groupBy(items, (item) => item.intent.userId)) {
      const ready = mine.flatMap(({ intent, prepared }) => (prepared.ok ? [{ intent, rendered: prepared }] : []));
      const decisions = decideWithTests(
        ready.map(({ intent, rendered }) => ({
          request: sendRequest(intent, rendered),
          timeZone: resolveTimeZone(userTimeZoneTrait(intent.context), workspace.timezone),
          test: isTestIntent(intent),
        })),
        { policy, consents: consents.get(userId) ?? {}, sent: sent.get(userId) ?? [], now, krAdLaw: workspace },
      );
      const decided = new Map(ready.map(({ intent, rendered }, k) => [intent.id, uncountedIfTest(intent, updateFor(rendered, decisions[k], now))]));
      for (const { intent, prepared } of mine) {
        const update = decided.get(intent.id) ?? { status: 'FAILED', reason: prepared.ok ? null : prepared.reason, countedAt: null };
        changes.push({ intent, update });
      }
    }
    return changes;
  }
}
