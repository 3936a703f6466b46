import { createHmac } from 'node:crypto';
import { WebhookConfig } from '../channels/channel';
import { allowanceOf } from '../egress/address-guard';
import { MessageProvider, ProviderMessage } from './provider';
import { safePostJson } from './safe-http';

export const SIGNATURE_HEADER = 'x-cairn-signature';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` */
export function signBody(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * POSTs the message as JSON, signed with the channel's secret, to a checked
 * address (no private, loopback, link-local or metadata address unless both
 * the operator's `egress.allowPrivate` and the channel's allowedAddresses open
 * it; redirects are never followed).
 */
export class WebhookProvider implements MessageProvider {
  readonly type = 'webhook';

  constructor(
    private readonly now: () => Date,
    /** The operator's `egress.allowPrivate`. */
    private readonly operatorAllows: readonly string[] = [],
  ) {}

  async send(message: ProviderMessage): Promise<void> {
    const config = message.channel.config as unknown as WebhookConfig;
    const body = JSON.stringify({
      id: message.id,
      idempotencyKey: message.idempotencyKey,
      workspaceId: message.workspaceId,
      userId: message.userId,
      channel: message.channel.key,
      template: message.template,
      category: message.category,
      journey: message.journey,
      content: message.content,
    });
    await safePostJson({
      url: config.url,
      body,
      headers: {
        [SIGNATURE_HEADER]: signBody(config.secret, body, Math.floor(this.now().getTime() / 1000)),
        [IDEMPOTENCY_HEADER]: message.idempotencyKey,
      },
      allowance: allowanceOf(config.allowedAddresses ?? [], this.operatorAllows),
      timeoutMs: config.timeoutMs ?? 5000,
    });
  }
}
