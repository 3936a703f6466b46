import { FieldProblem } from '@cairn/core';
import { validateAllowedAddresses, validateSigningSecret, validateUrl } from './url-check';

/** HTTP gateways of SMS, Kakao (AlimTalk / FriendTalk) and push providers: one JSON POST per message. */
export const GATEWAY_TYPES = ['sms-http', 'kakao-http', 'push-http'] as const;
export type GatewayType = (typeof GATEWAY_TYPES)[number];

/**
 * The request and answer shape a Kakao gateway speaks: `cairn` (the generic
 * JSON below, the default) or `nhn-cloud` (NHN Cloud's KakaoTalk Bizmessage
 * AlimTalk API; see nhn-cloud-alimtalk.ts).
 */
export const KAKAO_FORMATS = ['cairn', 'nhn-cloud'] as const;
export type KakaoFormat = (typeof KAKAO_FORMATS)[number];

export interface GatewayConfig {
  url: string;
  /** Sent as `Authorization: Bearer <apiKey>` (`nhn-cloud`: as `X-Secret-Key`). */
  apiKey?: string;
  /** The key delivery receipts for this channel are signed with (`POST /v1/channels/:key/receipts`); write-only. */
  signingSecret?: string;
  /** kakao-http only: the gateway's request and answer shape (default `cairn`). */
  format?: KakaoFormat;
  /** SMS sender number, or the Kakao sender profile key. */
  sender?: string;
  allowedAddresses?: string[];
  timeoutMs?: number;
  resetTimeoutMs?: number;
}

const FIELDS = ['url', 'apiKey', 'signingSecret', 'sender', 'allowedAddresses', 'timeoutMs', 'resetTimeoutMs'];

/** Adds problems (paths under `config.`) for an HTTP gateway channel's configuration. */
export function validateGatewayConfig(
  config: Record<string, unknown>,
  problems: FieldProblem[],
  operator: readonly string[] = [],
  type: GatewayType = 'sms-http',
): void {
  const fields = type === 'kakao-http' ? [...FIELDS, 'format'] : FIELDS;
  for (const key of Object.keys(config)) {
    if (!fields.includes(key)) problems.push({ path: `config.${key}`, message: 'unknown field' });
  }
  if (config.format !== undefined && !KAKAO_FORMATS.includes(config.format as KakaoFormat)) {
    problems.push({ path: 'config.format', message: `must be one of ${KAKAO_FORMATS.join(', ')}` });
  }
  validateSigningSecret(config.signingSecret, problems);
  validateUrl(config.url, validateAllowedAddresses(config.allowedAddresses, operator, problems), problems);
  for (const field of ['apiKey', 'sender'] as const) {
    const value = config[field];
    if (value !== undefined && (typeof value !== 'string' || value.length === 0 || value.length > 500)) {
      problems.push({ path: `config.${field}`, message: 'must be a string of 1 to 500 characters' });
    }
  }
  for (const [field, min, max] of [
    ['timeoutMs', 100, 30_000],
    ['resetTimeoutMs', 500, 600_000],
  ] as const) {
    const value = config[field];
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)) {
      problems.push({ path: `config.${field}`, message: `must be an integer from ${min} to ${max}` });
    }
  }
}
