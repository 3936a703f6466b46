import { GatewayConfig, GatewayType } from '../channels/gateway-config';
import { KakaoContent, PushContent, TextContent } from '@cairn/messaging-domain';
import { allowanceOf } from '../egress/address-guard';
import { MessageProvider, ProviderError, ProviderMessage } from './provider';
import { safePostJson } from './safe-http';
import { IDEMPOTENCY_HEADER } from './webhook.provider';

type Payload = (message: ProviderMessage, config: GatewayConfig) => Record<string, unknown>;

function trait(message: ProviderMessage, name: string): string {
  const value = message.user[name];
  if (typeof value !== 'string' || value.length === 0) throw new ProviderError('recipient_missing', `the user has no ${name} trait`, false);
  return value;
}

/** The JSON each gateway receives; the recipient comes from the user's traits (`phone`, `pushToken`). */
const PAYLOADS: Record<GatewayType, Payload> = {
  'sms-http': (m, c) => ({ to: trait(m, 'phone'), from: c.sender, text: (m.content as TextContent).text }),
  'kakao-http': (m, c) => {
    const k = m.content as KakaoContent;
    return { to: trait(m, 'phone'), senderKey: c.sender, templateCode: k.templateCode, text: k.text, variables: k.variables, alimtalk: k.alimtalk === true };
  },
  'push-http': (m) => ({ token: trait(m, 'pushToken'), title: (m.content as PushContent).title, body: (m.content as PushContent).body }),
};

/**
 * SMS, Kakao and push providers reached through an HTTP gateway: one JSON POST
 * per message with the idempotency key in a header and in the body, through
 * the same address checks as webhooks.
 */
export class GatewayProvider implements MessageProvider {
  constructor(
    readonly type: GatewayType,
    /** The operator's `egress.allowPrivate`. */
    private readonly operatorAllows: readonly string[] = [],
  ) {}

  async send(message: ProviderMessage): Promise<void> {
    const config = message.channel.config as unknown as GatewayConfig;
    const payload = { ...PAYLOADS[this.type](message, config), idempotencyKey: message.idempotencyKey, category: message.category };
    await safePostJson({
      url: config.url,
      body: JSON.stringify(payload),
      headers: { [IDEMPOTENCY_HEADER]: message.idempotencyKey, ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
      allowance: allowanceOf(config.allowedAddresses ?? [], this.operatorAllows),
      timeoutMs: config.timeoutMs ?? 5000,
    });
  }
}
