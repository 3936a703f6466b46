import { WorkspaceConfig } from '@cairn/config';
import { MessageRequest } from '@cairn/contracts';
import { Clock, CLOCK, Conflict, DomainError } from '@cairn/core';
import { OutboxRelay } from '@cairn/kafka';
import { Logger } from '@cairn/observability';
import { DATA_SOURCE, LOGGER, OUTBOX } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SegmentsClient, SegmentsUnavailable } from '../../audience/segments-client';
import { ChannelCredentials } from '../../channels/channel-credentials';
import { ChannelRepository } from '../../channels/channel.repository';
import { SendIntent } from '../../messages/intent';
import { IntentRepository } from '../../messages/intent.repository';
import { DecideIntent } from '../../sending/decide-intent';
import { DeliverSends } from '../../sending/deliver-sends';
import { Prepared, PrepareContent } from '../../sending/prepare-content';
import { lockUser } from '../../shared/user-lock';
import { TemplateRepository } from '../../templates/template.repository';
import { checkSend, recipientTraits, SendReferences, toSuffices } from './send-checks';
import { requestFingerprint } from './fingerprint';
import { SendMessageCommand } from './send-message.command';

/** The answer to `POST /v1/send` (202): the message's id and where it stands. */
export interface SendAnswer {
  id: string;
  status: SendIntent['status'];
  reason: string | null;
  deferredUntil: string | null;
}

/** Idempotency keys of API sends live apart from journeys' and broadcasts' keys. */
export const API_KEY_PREFIX = 'api:';

/** The same Idempotency-Key with another request. */
export class IdempotencyKeyReused extends Conflict {
  constructor() {
    super('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for another request; a retry must repeat the request as it was');
  }
}

const answerOf = (intent: SendIntent): SendAnswer => ({
  id: intent.id,
  status: intent.status,
  reason: intent.reason,
  deferredUntil: intent.deferredUntil?.toISOString() ?? null,
});

/**
 * One message to one user through the API, exactly once per Idempotency-Key:
 * a key seen before answers the message it made (a retry sends nothing more;
 * another request under it is 409). Otherwise everything a send can be
 * refused for is checked before anything is recorded (channel, template,
 * fallback, recipient address, and the template rendered with the request's
 * `data`), then the message is recorded and decided under the user's lock
 * like a journey's (consent, quiet hours, caps, by category), its outcome in
 * the outbox, and a reserved send queued for delivery.
 */
@Injectable()
export class SendMessageUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
    private readonly credentials: ChannelCredentials,
    private readonly segments: SegmentsClient,
    private readonly content: PrepareContent,
    private readonly decider: DecideIntent,
    private readonly sends: DeliverSends,
  ) {}

  async execute(command: SendMessageCommand): Promise<SendAnswer> {
    const { workspace, request } = command;
    const key = API_KEY_PREFIX + command.idempotencyKey;
    const fingerprint = requestFingerprint(request);
    const seen = await new IntentRepository(this.dataSource.manager).findByKey(workspace.id, key);
    if (seen) return this.replay(workspace, seen.id, fingerprint);
    const refs = await this.references(workspace, command);
    const category = checkSend(request, refs);
    const message: MessageRequest = {
      v: 1,
      workspaceId: workspace.id,
      userId: request.userId,
      idempotencyKey: key,
      channel: request.channel,
      template: request.template,
      category,
      context: { user: refs.user, data: request.data },
      ...(request.fallback ? { fallback: request.fallback } : {}),
      requestedAt: this.clock.now().toISOString(),
    };
    const [prepared] = await this.content.renderMany([message], new Map([[workspace.id, refs.templates]]));
    if (!prepared.ok) throw renderRefused(prepared);
    return this.record(workspace, { ...message, fingerprint }, prepared, fingerprint);
  }

  /** Records and decides the message under the user's lock; a concurrent request with the same key finds the first's message. */
  private async record(
    workspace: WorkspaceConfig,
    message: MessageRequest & { fingerprint: string },
    prepared: Prepared,
    fingerprint: string,
  ): Promise<SendAnswer> {
    const decided = await this.dataSource.transaction(async (manager) => {
      await lockUser(manager, workspace.id, message.userId);
      const now = this.clock.now();
      const intents = new IntentRepository(manager);
      const [recorded] = await intents.recordPending(workspace.id, [message], now);
      if (!recorded) return undefined;
      const reserved = await this.decider.decideLocked(manager, [{ intent: recorded, workspace, prepared }], now, ['PENDING']);
      return { reserved, intent: (await intents.findMany([recorded.id])).get(recorded.id)! };
    });
    if (!decided)
      return this.replay(workspace, (await new IntentRepository(this.dataSource.manager).findByKey(workspace.id, message.idempotencyKey))!.id, fingerprint);
    this.outbox.nudge();
    await this.sends.enqueue(decided.reserved);
    return answerOf(decided.intent);
  }

  private async replay(workspace: WorkspaceConfig, id: string, fingerprint: string): Promise<SendAnswer> {
    const intent = (await new IntentRepository(this.dataSource.manager).findById(workspace.id, id))!;
    if (intent.fingerprint !== fingerprint) throw new IdempotencyKeyReused();
    return answerOf(intent);
  }

  /** The channels and templates the request names (read fresh) and the user's traits (segments, with `to` over them). */
  private async references(workspace: WorkspaceConfig, { request }: SendMessageCommand): Promise<SendReferences> {
    const m = this.dataSource.manager;
    const channelKeys = [request.channel, ...(request.fallback ? [request.fallback.channel] : [])];
    const templateKeys = [request.template, ...(request.fallback ? [request.fallback.template] : [])];
    const [channels, templates] = await Promise.all([
      new ChannelRepository(m, this.credentials).findMany(workspace.id, channelKeys),
      new TemplateRepository(m).variantsOf(workspace.id, templateKeys),
    ]);
    let traits: Record<string, unknown> | undefined;
    try {
      traits = await this.segments.traitsOf(workspace, request.userId);
    } catch (error) {
      // The request's own addresses are enough to send; the traits (time zone, locale, name) then default.
      if (!(error instanceof SegmentsUnavailable) || !toSuffices(request, channels)) throw error;
      this.logger.warn(
        { workspaceId: workspace.id, err: error.message },
        'sending with the request\u2019s addresses only: the user\u2019s traits are unavailable',
      );
    }
    return { channels, templates, user: recipientTraits(traits, request.to) };
  }
}

/** A template that does not render with the request's data: 422 naming the template field, before anything is recorded. */
function renderRefused(prepared: Extract<Prepared, { ok: false }>): DomainError {
  const problem = prepared.problem ?? { path: 'template', message: prepared.reason };
  const field = { path: 'template', message: `${problem.path}: ${problem.message}` };
  if (prepared.reason === 'template_budget_exceeded') return new DomainError('TEMPLATE_BUDGET_EXCEEDED', field.message, 422, [field]);
  return new DomainError('TEMPLATE_RENDER_FAILED', field.message, 422, [field]);
}
