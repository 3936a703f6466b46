import { MessageRequest } from '@cairn/contracts';
import { StoredChannel } from '../channels/channel.repository';
import { ContentChannel, MessageCategory, MessageContent } from '@cairn/messaging-domain';

/** What a provider receives: one rendered, decided message. */
export interface ProviderMessage {
  /** The send intent's id. */
  id: string;
  /** Stable across retries and redeliveries: providers that support it drop duplicates. */
  idempotencyKey: string;
  workspaceId: string;
  userId: string;
  channel: StoredChannel;
  template: string;
  category: MessageCategory;
  journey: MessageRequest['journey'] | null;
  content: MessageContent;
  /** The kind of template the content was rendered from (an `lms` text always goes as LMS). */
  contentChannel?: ContentChannel | null;
  /** The user's traits from the request context (recipient addresses such as `email` live here). */
  user: Record<string, unknown>;
  /** Promotional messages: the recipient's unsubscribe link, for a `List-Unsubscribe` header (email). */
  unsubscribeUrl?: string;
}

/**
 * One kind of delivery (webhook, SMTP, SMS, ...). `send` resolves when the
 * provider accepted the message and rejects with a ProviderError saying
 * whether trying again could help.
 */
export interface MessageProvider {
  readonly type: string;
  send(message: ProviderMessage): Promise<void>;
}

/** The provider's code when the recipient cannot get the message on this channel (not a KakaoTalk user, blocked, template mismatch). */
export const RECIPIENT_UNREACHABLE = 'recipient_unreachable';

export class ProviderError extends Error {
  constructor(
    /** A reason code for the delivery log (`provider_rejected`, `destination_refused`, `recipient_unreachable`, ...). */
    readonly code: string,
    message: string,
    /** True for time-outs, network errors, 408, 429 and 5xx; false for everything a retry cannot fix. */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export const MESSAGE_PROVIDERS = Symbol('MESSAGE_PROVIDERS');
