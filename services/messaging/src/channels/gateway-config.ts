import { FieldProblem } from '@cairn/core';
import { validateAllowedAddresses, validateUrl } from './url-check';

/** HTTP gateways of SMS, Kakao (AlimTalk / FriendTalk) and push providers: one JSON POST per message. */
export const GATEWAY_TYPES = ['sms-http', 'kakao-http', 'push-http'] as const;
export type GatewayType = (typeof GATEWAY_TYPES)[number];

export interface GatewayConfig {
  url: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** SMS sender number, or the Kakao sender profile key. */
  sender?: string;
  allowedAddresses?: string[];
  timeoutMs?: number;
  resetTimeoutMs?: number;
}

const FIELDS = ['url', 'apiKey', 'sender', 'allowedAddresses', 'timeoutMs', 'resetTimeoutMs'];

/** Adds problems (paths under `config.`) for an HTTP gateway channel's configuration. */
export function validateGatewayConfig(config: Record<string, unknown>, problems: FieldProblem[], operator: readonly string[] = []): void {
  for (const key of Object.keys(config)) {
    if (!FIELDS.includes(key)) problems.push({ path: `config.${key}`, message: 'unknown field' });
  }
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
