import { createHash } from 'node:crypto';
import { KakaoContent } from '@cairn/messaging-domain';
import { GatewayConfig } from '../channels/gateway-config';
import { ProviderError, RECIPIENT_UNREACHABLE } from './provider';
import { classifyStatus, ProviderAnswer } from './safe-http';

/**
 * NHN Cloud's KakaoTalk Bizmessage AlimTalk API (v2.x), for a `kakao-http`
 * channel with `"format": "nhn-cloud"` and `url` set to
 * `https://api-alimtalk.cloud.toast.com/alimtalk/v2.3/appkeys/<appkey>/messages`:
 *
 * - request: `POST` with `X-Secret-Key: <apiKey>` and
 *   `X-NC-API-IDEMPOTENCY-KEY` (a hash of the send's idempotency key), body
 *   `{ senderKey: <sender>, templateCode, recipientList: [{ recipientNo,
 *   templateParameter: <variables>, recipientGroupingKey }] }` (AlimTalk sends
 *   the registered template; its `#{…}` variables come from the content's
 *   `variables`);
 * - answer: `{ header: { resultCode, resultMessage, isSuccessful }, message:
 *   { requestId, sendResults: [{ resultCode, resultMessage, … }] } }`. A
 *   successful header with recipient result 0 is an acceptance. Header
 *   -1005 (the same idempotency key within 10 minutes) is read as the earlier
 *   attempt's acceptance. A recipient result that is one of KakaoTalk's
 *   "cannot receive" codes is `recipient_unreachable` (the fallback is sent);
 *   any other refusal is `provider_rejected`.
 *
 * Results NHN Cloud learns later (its message-result webhook) reach Cairn as
 * delivery receipts (`POST /v1/channels/:key/receipts`) through a relay that
 * signs them with the channel's signing secret.
 */
export const NHN_IDEMPOTENCY_HEADER = 'X-NC-API-IDEMPOTENCY-KEY';

/** KakaoTalk's delivery codes for a recipient who cannot get the AlimTalk: template mismatch (3016), cannot send (3018: not a KakaoTalk user, blocked, …), not a talk user (3019). */
export const KAKAO_UNREACHABLE_CODES: ReadonlySet<string> = new Set(['3016', '3018', '3019']);

const DUPLICATE_REQUEST = -1005;

export function nhnCloudRequest(
  config: GatewayConfig,
  content: KakaoContent,
  phone: string,
  idempotencyKey: string,
): { body: string; headers: Record<string, string> } {
  const grouping = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  const body = {
    senderKey: config.sender,
    templateCode: content.templateCode,
    recipientList: [{ recipientNo: phone, templateParameter: content.variables ?? {}, recipientGroupingKey: grouping }],
  };
  return { body: JSON.stringify(body), headers: { ...(config.apiKey ? { 'X-Secret-Key': config.apiKey } : {}), [NHN_IDEMPOTENCY_HEADER]: grouping } };
}

interface NhnAnswer {
  header?: { resultCode?: number; resultMessage?: string; isSuccessful?: boolean };
  message?: { sendResults?: Array<{ resultCode?: number | string; resultMessage?: string }> };
}

/** Resolves when NHN Cloud accepted the message; throws the ProviderError its answer means. */
export function readNhnCloudAnswer(answer: ProviderAnswer): void {
  const status = classifyStatus(answer.status);
  if (status) throw status;
  let parsed: NhnAnswer;
  try {
    parsed = JSON.parse(answer.body) as NhnAnswer;
  } catch {
    throw new ProviderError('provider_unavailable', 'NHN Cloud answered something that is not JSON', true);
  }
  const header = parsed.header ?? {};
  if (header.isSuccessful !== true) {
    if (header.resultCode === DUPLICATE_REQUEST) return;
    throw new ProviderError('provider_rejected', `NHN Cloud answered ${header.resultCode}: ${String(header.resultMessage ?? '').slice(0, 200)}`, false);
  }
  const result = parsed.message?.sendResults?.[0];
  const code = String(result?.resultCode ?? 0);
  if (code === '0') return;
  const text = `NHN Cloud's recipient result ${code}: ${String(result?.resultMessage ?? '').slice(0, 200)}`;
  throw new ProviderError(KAKAO_UNREACHABLE_CODES.has(code) ? RECIPIENT_UNREACHABLE : 'provider_rejected', text, false);
}
