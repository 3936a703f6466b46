/**
 * What can be checked of a channel (`POST /v1/channels`) without the server:
 * its key, its type and that its config is an object. The rest of a
 * channel's configuration (URLs, the addresses it may reach, secrets) depends
 * on the server's egress settings and is checked by messaging when the
 * channel is applied. A simulation needs only the key: providers are assumed
 * to accept every message.
 */
import { ValidationFailed, type FieldProblem } from '@cairn/core';

/** The provider kinds messaging offers (`log`, `webhook`, `smtp` and the HTTP gateways). */
export const CHANNEL_TYPES = ['log', 'webhook', 'smtp', 'sms-http', 'kakao-http', 'push-http'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export interface ChannelResource {
  key: string;
  type: ChannelType;
  config: Record<string, unknown>;
}

const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a channel body's key, type and config shape; throws ValidationFailed with field paths. */
export function checkChannel(body: unknown): ChannelResource {
  if (!isObject(body)) throw new ValidationFailed([{ path: '', message: 'must be a JSON object' }]);
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(body)) if (!['key', 'type', 'config'].includes(key)) problems.push({ path: key, message: 'unknown field' });
  if (typeof body.key !== 'string' || !KEY_RE.test(body.key)) problems.push({ path: 'key', message: 'must be 1 to 100 letters, digits, "_", "." or "-"' });
  if (!(CHANNEL_TYPES as readonly unknown[]).includes(body.type)) problems.push({ path: 'type', message: `must be one of ${CHANNEL_TYPES.join(', ')}` });
  const config = body.config ?? {};
  if (!isObject(config)) problems.push({ path: 'config', message: 'must be an object' });
  else if (body.type === 'log' && Object.keys(config).length > 0) problems.push({ path: 'config', message: 'the log channel takes no configuration' });
  if (problems.length > 0) throw new ValidationFailed(problems);
  return { key: body.key as string, type: body.type as ChannelType, config: config as Record<string, unknown> };
}
