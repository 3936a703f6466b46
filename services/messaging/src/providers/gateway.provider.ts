import { KakaoContent, PushContent, smsKind, TextContent } from '@cairn/messaging-domain';
import { GatewayConfig, GatewayType } from '../channels/gateway-config';
import { allowanceOf } from '../egress/address-guard';
import { nhnCloudRequest, readNhnCloudAnswer } from './nhn-cloud-alimtalk';
import { MessageProvider, ProviderError, ProviderMessage, RECIPIENT_UNREACHABLE } from './provider';
import { classifyStatus, ProviderAnswer, safePost } from './safe-http';
import { IDEMPOTENCY_HEADER } from './webhook.provider';

type Payload = (message: ProviderMessage, config: GatewayConfig) => Record<string, unknown>;

function trait(message: ProviderMessage, name: string): string {
  const value = message.user[name];
  if (typeof value !== 'string' || value.length === 0) throw new ProviderError('recipient_missing', `the user has no ${name} trait`, false);
  return value;
}

/** SMS or LMS: an `lms` template always goes as LMS, an `sms` one by its length (90 bytes in EUC-KR). */
export function textKind(message: Pick<ProviderMessage, 'content' | 'contentChannel'>): 'SMS' | 'LMS' {
  return message.contentChannel === 'lms' ? 'LMS' : smsKind((message.content as TextContent).text);
}

/** The JSON each gateway receives (format `cairn`); the recipient comes from the user's traits (`phone`, `pushToken`). */
const PAYLOADS: Record<GatewayType, Payload> = {
  'sms-http': (m, c) => ({ to: trait(m, 'phone'), from: c.sender, text: (m.content as TextContent).text, type: textKind(m) }),
  'kakao-http': (m, c) => {
    const k = m.content as KakaoContent;
    return { to: trait(m, 'phone'), senderKey: c.sender, templateCode: k.templateCode, text: k.text, variables: k.variables, alimtalk: k.alimtalk === true };
  },
  'push-http': (m) => ({ token: trait(m, 'pushToken'), title: (m.content as PushContent).title, body: (m.content as PushContent).body }),
};

/**
 * A generic gateway's answer: 2xx accepts; a refusal (4xx other than 408 and
 * 429) whose JSON body says `"code": "recipient_unreachable"` means the
 * recipient cannot get the message on this channel (not a KakaoTalk user,
 * blocked, template mismatch): the message's fallback is sent instead.
 */
function readCairnAnswer(answer: ProviderAnswer): void {
  const error = classifyStatus(answer.status);
  if (!error) return;
  if (!error.retryable && answer.status >= 400) {
    let code: unknown;
    try {
      code = (JSON.parse(answer.body) as { code?: unknown }).code;
    } catch {
      code = undefined;
    }
    if (code === RECIPIENT_UNREACHABLE)
      throw new ProviderError(RECIPIENT_UNREACHABLE, `the gateway answered ${answer.status}: the recipient cannot receive it`, false);
  }
  throw error;
}

/**
 * SMS, Kakao and push providers reached through an HTTP gateway: one JSON POST
 * per message with the idempotency key in a header and in the body, through
 * the same address checks as webhooks. A Kakao channel may speak NHN Cloud's
 * AlimTalk API instead (`"format": "nhn-cloud"`, see nhn-cloud-alimtalk.ts).
 */
export class GatewayProvider implements MessageProvider {
  constructor(
    readonly type: GatewayType,
    /** The operator's `egress.allowPrivate`. */
    private readonly operatorAllows: readonly string[] = [],
  ) {}

  async send(message: ProviderMessage): Promise<void> {
    const config = message.channel.config as unknown as GatewayConfig;
    const post = { url: config.url, allowance: allowanceOf(config.allowedAddresses ?? [], this.operatorAllows), timeoutMs: config.timeoutMs ?? 5000 };
    if (this.type === 'kakao-http' && config.format === 'nhn-cloud') {
      const request = nhnCloudRequest(config, message.content as KakaoContent, trait(message, 'phone'), message.idempotencyKey);
      readNhnCloudAnswer(await safePost({ ...post, ...request }));
      return;
    }
    const payload = { ...PAYLOADS[this.type](message, config), idempotencyKey: message.idempotencyKey, category: message.category };
    const headers = { [IDEMPOTENCY_HEADER]: message.idempotencyKey, ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) };
    readCairnAnswer(await safePost({ ...post, body: JSON.stringify(payload), headers }));
  }
}
