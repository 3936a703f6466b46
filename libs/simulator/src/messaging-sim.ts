/**
 * Messaging in virtual time: each message request becomes a send intent,
 * rendered with the variant for the user's locale (Liquid, strict), decided by
 * `decideSend` of `@cairn/messaging-domain` (content rules and the kr-ad-law
 * label, consent, the night rule, quiet hours in the user's zone, frequency
 * caps) with the user's counted sends, and decided again at its time when
 * deferred, with the consents and sends of that moment. A reserved send is
 * delivered at once (providers are assumed to accept), unless its channel
 * does not exist.
 */
import { resolveTimeZone } from '@cairn/core';
import {
  applyConsentUpdate,
  chooseLocaleVariant,
  decideSend,
  relevantHistoryWindow,
  TemplateRenderer,
  type ConsentLedger,
  type ConsentUpdate,
  type ContentChannel,
  type FrequencyPolicy,
  type KrAdLawConfig,
  type MessageContent,
  type SendDecision,
  type SentRecord,
  type TemplateContext,
  type TemplateDefinition,
} from '@cairn/messaging-domain';
import type { MessageStatus } from './output';

/** A message request as journeys sends it (the `cairn.message-requests.v1` value, less its envelope). */
export interface SimRequest {
  userId: string;
  idempotencyKey: string;
  journey: { key: string; version: number; runId: string; step: string };
  channel: string;
  template: string;
  category: 'promotional' | 'transactional';
  context: Record<string, unknown>;
}

export interface IntentTransition {
  at: number;
  status: MessageStatus;
  reason: string | null;
  deferredUntil: number | null;
}

export interface SimIntent {
  seq: number;
  request: SimRequest;
  contentChannel: ContentChannel | null;
  content: MessageContent | null;
  status: MessageStatus;
  reason: string | null;
  createdAt: number;
  countedAt: number | null;
  sentAt: number | null;
  deferredUntil: number | null;
  history: IntentTransition[];
}

export interface MessagingSettings {
  timezone: string;
  policy: FrequencyPolicy;
  krAdLaw: KrAdLawConfig | undefined;
  templates: readonly TemplateDefinition[];
  channels: ReadonlySet<string>;
}

export class MessagingSim {
  readonly intents: SimIntent[] = [];
  private readonly keys = new Set<string>();
  private readonly consents = new Map<string, ConsentLedger>();
  private readonly counted = new Map<string, SimIntent[]>();
  private readonly variants = new Map<string, TemplateDefinition[]>();
  private readonly renderer = new TemplateRenderer();
  private readonly historyWindow: number;

  constructor(
    private readonly settings: MessagingSettings,
    /** Asks to be called back at `until` for a deferred intent. */
    private readonly deferTo: (until: number, intent: SimIntent) => void,
    /** Told of every change of an intent's status. */
    private readonly observe: (intent: SimIntent, transition: IntentTransition) => void = () => undefined,
  ) {
    for (const t of settings.templates) this.variants.set(t.key, [...(this.variants.get(t.key) ?? []), t]);
    this.historyWindow = relevantHistoryWindow(settings.policy);
  }

  updateConsents(userId: string, update: ConsentUpdate, now: number): void {
    this.consents.set(userId, applyConsentUpdate(this.consents.get(userId) ?? {}, update, new Date(now)));
  }

  /** Records a request (once per idempotency key), renders it and decides it now. */
  request(request: SimRequest, now: number): SimIntent | undefined {
    if (this.keys.has(request.idempotencyKey)) return undefined;
    this.keys.add(request.idempotencyKey);
    const intent: SimIntent = {
      seq: this.intents.length,
      request,
      contentChannel: null,
      content: null,
      status: 'PENDING',
      reason: null,
      createdAt: now,
      countedAt: null,
      sentAt: null,
      deferredUntil: null,
      history: [],
    };
    this.intents.push(intent);
    const rendered = this.render(request);
    if ('failed' in rendered) {
      this.transition(intent, now, 'FAILED', rendered.failed);
      return intent;
    }
    intent.content = rendered.content;
    intent.contentChannel = rendered.channel;
    this.decide(intent, now);
    return intent;
  }

  /** A deferred intent's time has come: decided again with today's consents, policy and sends. */
  redecide(intent: SimIntent, now: number): void {
    if (intent.status !== 'DEFERRED' || intent.deferredUntil !== now) return;
    this.decide(intent, now);
  }

  private render(request: SimRequest): { content: MessageContent; channel: ContentChannel } | { failed: string } {
    const context = { ...request.context, user: (request.context.user as Record<string, unknown>) ?? {} } as TemplateContext;
    const template = chooseLocaleVariant(this.variants.get(request.template) ?? [], context.user.locale);
    if (!template) return { failed: 'template_not_found' };
    try {
      return { content: this.renderer.renderSync(template.content, context), channel: template.channel };
    } catch (error) {
      return { failed: (error as { code?: string }).code === 'TEMPLATE_BUDGET_EXCEEDED' ? 'template_budget_exceeded' : 'template_render_failed' };
    }
  }

  private decide(intent: SimIntent, now: number): void {
    const { request } = intent;
    const user = request.context.user as Record<string, unknown> | undefined;
    const decision: SendDecision = decideSend({
      request: {
        channel: request.channel,
        channelType: intent.contentChannel!,
        journeyId: request.journey.key,
        category: request.category,
        content: intent.content!,
      },
      policy: this.settings.policy,
      consents: this.consents.get(request.userId) ?? {},
      sent: this.sentRecords(request.userId, now),
      now: new Date(now),
      timeZone: resolveTimeZone(user?.timezone, this.settings.timezone),
      krAdLaw: this.settings.krAdLaw,
    });
    if (decision.action === 'suppress') return this.transition(intent, now, 'SUPPRESSED', decision.reason);
    if (decision.action === 'defer') {
      this.transition(intent, now, 'DEFERRED', decision.reason, decision.until.getTime());
      this.deferTo(decision.until.getTime(), intent);
      return;
    }
    intent.content = decision.content;
    intent.countedAt = now;
    this.transition(intent, now, 'SENDING', null);
    this.counted.set(request.userId, [...(this.counted.get(request.userId) ?? []), intent]);
    if (this.settings.channels.has(request.channel)) {
      intent.sentAt = now;
      this.transition(intent, now, 'SENT', null);
    } else {
      this.transition(intent, now, 'FAILED', 'channel_not_found');
    }
  }

  /** The user's sends that caps count (reserved or sent), as far back as the policy looks. */
  private sentRecords(userId: string, now: number): SentRecord[] {
    const since = now - this.historyWindow;
    return (this.counted.get(userId) ?? [])
      .filter((i) => (i.status === 'SENDING' || i.status === 'SENT') && i.countedAt !== null && i.countedAt >= since)
      .map((i) => ({ at: new Date(i.countedAt!), channel: i.request.channel, journeyId: i.request.journey.key, category: i.request.category }));
  }

  private transition(intent: SimIntent, at: number, status: MessageStatus, reason: string | null, deferredUntil: number | null = null): void {
    intent.status = status;
    intent.reason = reason;
    intent.deferredUntil = deferredUntil;
    const transition = { at, status, reason, deferredUntil };
    intent.history.push(transition);
    this.observe(intent, transition);
  }
}
