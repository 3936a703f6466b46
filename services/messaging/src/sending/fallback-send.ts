import { Injectable } from '@nestjs/common';
import { ChannelReader } from '../channels/channel.reader';
import { IntentFallback, SendIntent } from '../messages/intent';
import { Delivery, DeliveryResult } from '../providers/delivery';
import { textKind } from '../providers/gateway.provider';
import { PrepareContent } from './prepare-content';

/** Suffix of a fallback's idempotency key: the provider of the fallback channel gets its own key, stable across tries. */
export const FALLBACK_KEY_SUFFIX = ':fallback';

/** A fallback's try: the provider's result, and (unless a later try is due) what the fallback became. */
export type FallbackResult = DeliveryResult & { fallback?: IntentFallback };

/**
 * Sends a message's fallback once its primary channel answered that the
 * recipient cannot receive it (the intent's `fallback.trigger` is recorded
 * first, so the primary is never tried again): the fallback template rendered
 * with the message's context, through the fallback channel, with the
 * message's idempotency key + `:fallback`. An SMS fallback goes as SMS or
 * LMS by its length (90 bytes in EUC-KR). The fallback belongs to a message
 * already decided (and only informational messages name one), so it is not
 * decided again.
 */
@Injectable()
export class FallbackSend {
  constructor(
    private readonly content: PrepareContent,
    private readonly channels: ChannelReader,
    private readonly delivery: Delivery,
  ) {}

  async deliver(intent: SendIntent): Promise<FallbackResult> {
    const fallback = intent.fallback!;
    const request = { workspaceId: intent.workspaceId, userId: intent.userId, channel: fallback.channel, template: fallback.template, context: intent.context };
    const [prepared] = await this.content.renderMany([request], await this.content.templatesFor([request]));
    if (!prepared.ok) return this.failed(fallback, prepared.reason);
    const channel = (await this.channels.forDelivery(intent.workspaceId, [fallback.channel])).get(fallback.channel);
    if (!channel) return this.failed(fallback, 'channel_not_found');
    const message = { content: prepared.content, contentChannel: prepared.contentChannel };
    const kind = channel.type === 'sms-http' ? textKind(message) : undefined;
    const sent: IntentFallback = { ...fallback, ...message, ...(kind ? { kind } : {}) };
    const result = await this.delivery.deliver({
      id: intent.id,
      idempotencyKey: intent.idempotencyKey + FALLBACK_KEY_SUFFIX,
      workspaceId: intent.workspaceId,
      userId: intent.userId,
      channel,
      template: fallback.template,
      category: intent.category,
      journey: intent.journey,
      ...message,
      user: (intent.context.user as Record<string, unknown>) ?? {},
    });
    if (result.ok) return { ok: true, fallback: { ...sent, status: 'SENT' } };
    return result.retryable ? result : { ...result, fallback: { ...sent, status: 'FAILED', reason: result.code } };
  }

  private failed(fallback: IntentFallback, reason: string): FallbackResult {
    return {
      ok: false,
      code: `fallback_${reason}`,
      message: `the fallback could not be sent: ${reason}`,
      retryable: false,
      fallback: { ...fallback, status: 'FAILED', reason },
    };
  }
}
