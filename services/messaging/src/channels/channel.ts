import { FieldProblem, ValidationFailed } from '@cairn/core';
import { GATEWAY_TYPES, GatewayType, validateGatewayConfig } from './gateway-config';
import { validateSmtpConfig } from './smtp-config';
import { validateAllowedAddresses, validateUrl } from './url-check';

/** Provider kinds a channel can use. */
export type ChannelType = 'log' | 'webhook' | 'smtp' | 'sms-http' | 'kakao-http' | 'push-http';
export const CHANNEL_TYPES: readonly ChannelType[] = ['log', 'webhook', 'smtp', ...GATEWAY_TYPES];

export interface WebhookConfig {
  url: string;
  /** HMAC-SHA256 key for the `X-Cairn-Signature` header. */
  secret: string;
  /** Non-public addresses or CIDR ranges the webhook may reach, inside what the operator opens (egress.allowPrivate). */
  allowedAddresses?: string[];
  /** Deadline of one attempt (connecting, the answer's headers and body), in milliseconds (default 5000). */
  timeoutMs?: number;
  /** How long the circuit breaker stays open before a trial call, in milliseconds (default 10000). */
  resetTimeoutMs?: number;
}

export interface ChannelDefinition {
  key: string;
  type: ChannelType;
  config: Record<string, unknown>;
}

const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validateWebhook(config: Record<string, unknown>, problems: FieldProblem[], operator: readonly string[]): void {
  for (const key of Object.keys(config)) {
    if (!['url', 'secret', 'allowedAddresses', 'timeoutMs', 'resetTimeoutMs'].includes(key)) problems.push({ path: `config.${key}`, message: 'unknown field' });
  }
  validateUrl(config.url, validateAllowedAddresses(config.allowedAddresses, operator, problems), problems);
  if (typeof config.secret !== 'string' || config.secret.length < 16) {
    problems.push({ path: 'config.secret', message: 'must be a string of at least 16 characters' });
  }
  const timeout = config.timeoutMs;
  if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 100 || timeout > 30_000)) {
    problems.push({ path: 'config.timeoutMs', message: 'must be an integer from 100 to 30000' });
  }
  const reset = config.resetTimeoutMs;
  if (reset !== undefined && (typeof reset !== 'number' || !Number.isInteger(reset) || reset < 500 || reset > 600_000)) {
    problems.push({ path: 'config.resetTimeoutMs', message: 'must be an integer from 500 to 600000' });
  }
}

/**
 * Validates a `POST /v1/channels` body; throws ValidationFailed with field
 * paths. `operator`: the non-public addresses the configuration opens
 * (`egress.allowPrivate`), which a channel's allowedAddresses may only narrow.
 */
export function validateChannel(body: unknown, operator: readonly string[] = []): ChannelDefinition {
  if (!isObject(body)) throw new ValidationFailed([{ path: '', message: 'must be a JSON object' }]);
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(body)) {
    if (!['key', 'type', 'config'].includes(key)) problems.push({ path: key, message: 'unknown field' });
  }
  if (typeof body.key !== 'string' || !KEY_RE.test(body.key)) {
    problems.push({ path: 'key', message: 'must be 1 to 100 letters, digits, "_", "." or "-"' });
  }
  const config = body.config ?? {};
  if (!CHANNEL_TYPES.includes(body.type as ChannelType)) {
    problems.push({ path: 'type', message: `must be one of ${CHANNEL_TYPES.join(', ')}` });
  } else if (!isObject(config)) {
    problems.push({ path: 'config', message: 'must be an object' });
  } else if (body.type === 'webhook') {
    validateWebhook(config, problems, operator);
  } else if (body.type === 'smtp') {
    validateSmtpConfig(config, problems, operator);
  } else if (body.type !== 'log') {
    validateGatewayConfig(config, problems, operator, body.type as GatewayType);
  } else if (Object.keys(config).length > 0) {
    problems.push({ path: 'config', message: 'the log channel takes no configuration' });
  }
  if (problems.length > 0) throw new ValidationFailed(problems);
  return { key: body.key as string, type: body.type as ChannelType, config: config as Record<string, unknown> };
}
