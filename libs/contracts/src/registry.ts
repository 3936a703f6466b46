import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { catalogEventContract } from './catalog-events/catalog-event.contract';
import { TopicContract } from './common.schema';
import { eventContract } from './events/event.contract';
import { messageOutcomeContract } from './message-outcomes/message-outcome.contract';
import { messageRequestContract } from './message-requests/message-request.contract';
import { membershipContract } from './segment-membership/membership.contract';
import { identityLinkContract } from './identity-links/identity-link.contract';
import { userErasureContract } from './user-erasures/user-erasure.contract';

export const CONTRACTS: readonly TopicContract[] = [
  eventContract,
  catalogEventContract,
  membershipContract,
  messageRequestContract,
  messageOutcomeContract,
  identityLinkContract,
  userErasureContract,
] as TopicContract[];

export interface ContractViolation {
  path: string;
  message: string;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; problems: ContractViolation[] };

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validators = new Map<string, { key: ValidateFunction; value: ValidateFunction }>(
  CONTRACTS.map((c) => [c.topic, { key: ajv.compile(c.key.schema), value: ajv.compile(c.value) }]),
);

export function contractFor(topic: string): TopicContract | undefined {
  return CONTRACTS.find((c) => c.topic === topic);
}

/** Validates a raw Kafka message (key and bytes) against its topic's contract. */
export function decodeMessage<T = unknown>(topic: string, key: string | null, bytes: Buffer | string): Validation<T> {
  const check = validators.get(topic);
  if (!check) return { ok: false, problems: [{ path: '', message: `no contract for topic ${topic}` }] };
  let value: unknown;
  try {
    value = JSON.parse(typeof bytes === 'string' ? bytes : bytes.toString('utf8'));
  } catch (e) {
    return { ok: false, problems: [{ path: '', message: `value is not JSON: ${(e as Error).message}` }] };
  }
  const problems: ContractViolation[] = [];
  if (!check.key(key)) problems.push({ path: '(key)', message: `key ${JSON.stringify(key)} does not match the contract` });
  if (!check.value(value)) {
    for (const err of check.value.errors ?? []) problems.push({ path: err.instancePath || '/', message: err.message ?? 'invalid' });
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: value as T };
}
