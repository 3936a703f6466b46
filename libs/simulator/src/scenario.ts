/**
 * A scenario: who the users are, what they do and when, in virtual time.
 *
 * ```json
 * { "start": "2026-03-02T09:00:00+09:00", "until": "+3d",
 *   "workspace": { "timezone": "Asia/Seoul", "compliance": "kr-ad-law", "senderName": "Cairn Shop", "optOutText": "…" },
 *   "users": { "u1": { "traits": { "name": "민지" }, "consents": { "kakao": { "advertising": true } } } },
 *   "events": [ { "at": "+0m", "userId": "u1", "event": "Product Added", "properties": { "cartId": "c1" } } ] }
 * ```
 *
 * `at` is an offset from `start` (`+30s`, `+45m`, `+2h`, `+3d`, `+1w`, or
 * several units as the timeline prints them, `+1d2h30m`), a
 * negative one (`-40d`: history from before the start, ingested at the start
 * with its own timestamp, as an import would be) or an absolute ISO instant.
 * `type` is `track` (the default), `identify`, `consent` (a consent change, as
 * `PUT /v1/users/:userId/consents` takes it) or, with `catalogEvent`, a catalog
 * event for an item.
 */
import { isValidTimeZone, parseDuration, ValidationFailed, type FieldProblem } from '@cairn/core';
import { validateConsentUpdate, type CompliancePreset, type ConsentUpdate } from '@cairn/messaging-domain';

export interface ScenarioWorkspace {
  /** The IANA zone of users without a valid `timezone` trait (default Asia/Seoul). */
  timezone: string;
  compliance: CompliancePreset;
  senderName?: string;
  optOutText?: string;
}

export interface ScenarioUser {
  traits: Record<string, unknown>;
  consents?: ConsentUpdate;
}

interface EventBase {
  /** Virtual instant (epoch ms) the event happened at, its timestamp. */
  at: number;
  /** Its position in the file, to keep the order of events at the same instant. */
  index: number;
}

export type ScenarioEvent =
  | (EventBase & { type: 'track'; userId: string; event: string; properties: Record<string, unknown> })
  | (EventBase & { type: 'identify'; userId: string; traits: Record<string, unknown> })
  | (EventBase & { type: 'consent'; userId: string; consents: ConsentUpdate })
  | (EventBase & { type: 'catalog'; event: string; itemId: string; properties: Record<string, unknown> });

export interface Scenario {
  start: number;
  until: number;
  workspace: ScenarioWorkspace;
  users: Record<string, ScenarioUser>;
  /** In time order (file order among equal instants). */
  events: ScenarioEvent[];
}

/** The longest a scenario may run in virtual time. */
export const MAX_SCENARIO_SPAN = parseDuration('730d');
const DEFAULT_UNTIL = '+30d';
const OFFSET_RE = /^([+-])((?:\d{1,9}(?:ms|s|m|h|d|w))+)$/;
const PART_RE = /\d{1,9}(?:ms|s|m|h|d|w)/g;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const USER_ID_MAX = 256;

type Problems = FieldProblem[];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(value: Record<string, unknown>, allowed: readonly string[], path: string, p: Problems): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) p.push({ path: path ? `${path}.${key}` : key, message: 'unknown field' });
}

/** An ISO instant with a zone (`2026-03-02T09:00:00+09:00`), or undefined. */
export function parseInstant(value: unknown): number | undefined {
  if (typeof value !== 'string' || !ISO_RE.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `+45m` / `-3d` relative to `start`, or an ISO instant; undefined when it is neither. */
export function parseWhen(value: unknown, start: number): number | undefined {
  if (typeof value !== 'string') return undefined;
  const offset = OFFSET_RE.exec(value);
  if (offset) return start + (offset[1] === '-' ? -1 : 1) * offset[2].match(PART_RE)!.reduce((sum, part) => sum + parseDuration(part), 0);
  return parseInstant(value);
}

const WHEN_MESSAGE = 'must be an offset such as +30s, +45m, +2h, +3d (or -40d for history before the start), or an ISO instant with a zone';

function parseWorkspace(value: unknown, p: Problems): ScenarioWorkspace {
  const workspace: ScenarioWorkspace = { timezone: 'Asia/Seoul', compliance: 'none' };
  if (value === undefined) return workspace;
  if (!isObject(value)) {
    p.push({ path: 'workspace', message: 'must be an object' });
    return workspace;
  }
  unknownKeys(value, ['timezone', 'compliance', 'senderName', 'optOutText'], 'workspace', p);
  if (value.timezone !== undefined) {
    if (isValidTimeZone(value.timezone)) workspace.timezone = value.timezone;
    else p.push({ path: 'workspace.timezone', message: 'must be an IANA time zone such as Asia/Seoul' });
  }
  if (value.compliance !== undefined) {
    if (value.compliance === 'none' || value.compliance === 'kr-ad-law') workspace.compliance = value.compliance;
    else p.push({ path: 'workspace.compliance', message: 'must be "none" or "kr-ad-law"' });
  }
  for (const field of ['senderName', 'optOutText'] as const) {
    const text = value[field];
    if (text === undefined) continue;
    if (typeof text === 'string' && text.length <= 200) workspace[field] = text;
    else p.push({ path: `workspace.${field}`, message: 'must be a string of at most 200 characters' });
  }
  return workspace;
}

function consents(value: unknown, path: string, p: Problems): ConsentUpdate | undefined {
  try {
    return validateConsentUpdate({ channels: value, source: 'scenario' });
  } catch (error) {
    for (const f of (error as ValidationFailed).fields ?? []) p.push({ path: `${path}${f.path.replace(/^channels/, '')}`, message: f.message });
    return undefined;
  }
}

function checkUserId(value: unknown, path: string, p: Problems): value is string {
  if (typeof value === 'string' && value.length > 0 && value.length <= USER_ID_MAX) return true;
  p.push({ path, message: `must be a user id (1 to ${USER_ID_MAX} characters)` });
  return false;
}

function parseUsers(value: unknown, p: Problems): Record<string, ScenarioUser> {
  const users: Record<string, ScenarioUser> = {};
  if (value === undefined) return users;
  if (!isObject(value)) {
    p.push({ path: 'users', message: 'must be an object of user id → { traits, consents }' });
    return users;
  }
  for (const [id, raw] of Object.entries(value)) {
    const path = `users.${id}`;
    if (!checkUserId(id, path, p)) continue;
    if (!isObject(raw)) {
      p.push({ path, message: 'must be an object with traits and consents' });
      continue;
    }
    unknownKeys(raw, ['traits', 'consents'], path, p);
    if (raw.traits !== undefined && !isObject(raw.traits)) p.push({ path: `${path}.traits`, message: 'must be an object' });
    const user: ScenarioUser = { traits: isObject(raw.traits) ? raw.traits : {} };
    if (raw.consents !== undefined) user.consents = consents(raw.consents, `${path}.consents`, p);
    users[id] = user;
  }
  return users;
}

function optionalObject(value: unknown, path: string, p: Problems): Record<string, unknown> {
  if (value === undefined) return {};
  if (isObject(value)) return value;
  p.push({ path, message: 'must be an object' });
  return {};
}

function parseEvent(raw: unknown, index: number, start: number, p: Problems): ScenarioEvent | undefined {
  const path = `events[${index}]`;
  if (!isObject(raw)) {
    p.push({ path, message: 'must be an event object' });
    return undefined;
  }
  const at = parseWhen(raw.at, start);
  if (at === undefined) p.push({ path: `${path}.at`, message: WHEN_MESSAGE });
  const base = { at: at ?? start, index };
  if (raw.catalogEvent !== undefined) {
    unknownKeys(raw, ['at', 'catalogEvent', 'itemId', 'properties'], path, p);
    if (typeof raw.catalogEvent !== 'string' || raw.catalogEvent === '') p.push({ path: `${path}.catalogEvent`, message: 'must be an event name' });
    if (typeof raw.itemId !== 'string' || raw.itemId === '') p.push({ path: `${path}.itemId`, message: 'must be the item id' });
    const properties = optionalObject(raw.properties, `${path}.properties`, p);
    return { ...base, type: 'catalog', event: String(raw.catalogEvent), itemId: String(raw.itemId), properties };
  }
  const type = raw.type ?? 'track';
  const userOk = checkUserId(raw.userId, `${path}.userId`, p);
  const userId = String(raw.userId);
  if (type === 'track') {
    unknownKeys(raw, ['at', 'type', 'userId', 'event', 'properties'], path, p);
    if (typeof raw.event !== 'string' || raw.event === '') p.push({ path: `${path}.event`, message: 'must be an event name' });
    return userOk ? { ...base, type, userId, event: String(raw.event), properties: optionalObject(raw.properties, `${path}.properties`, p) } : undefined;
  }
  if (type === 'identify') {
    unknownKeys(raw, ['at', 'type', 'userId', 'traits'], path, p);
    return userOk ? { ...base, type, userId, traits: optionalObject(raw.traits, `${path}.traits`, p) } : undefined;
  }
  if (type === 'consent') {
    unknownKeys(raw, ['at', 'type', 'userId', 'consents'], path, p);
    const update = consents(raw.consents, `${path}.consents`, p);
    return userOk && update ? { ...base, type, userId, consents: update } : undefined;
  }
  p.push({ path: `${path}.type`, message: 'must be track, identify or consent (or give catalogEvent for a catalog event)' });
  return undefined;
}

/**
 * Validates a scenario (JSON or YAML, parsed) and returns it with every
 * instant resolved. Throws ValidationFailed naming each problem's path
 * (`events[3].at`).
 */
export function parseScenario(body: unknown): Scenario {
  const p: Problems = [];
  if (!isObject(body)) throw new ValidationFailed([{ path: '', message: 'a scenario must be an object with start, until, users and events' }]);
  unknownKeys(body, ['start', 'until', 'workspace', 'users', 'events'], '', p);
  const start = parseInstant(body.start);
  if (start === undefined) p.push({ path: 'start', message: 'must be an ISO instant with a zone, such as 2026-03-02T09:00:00+09:00' });
  const origin = start ?? 0;
  const until = parseWhen(body.until ?? DEFAULT_UNTIL, origin);
  if (until === undefined) p.push({ path: 'until', message: WHEN_MESSAGE });
  else if (start !== undefined && (until <= start || until - start > MAX_SCENARIO_SPAN)) {
    p.push({ path: 'until', message: 'must be after start and at most 730 days later' });
  }
  const workspace = parseWorkspace(body.workspace, p);
  const users = parseUsers(body.users, p);
  if (body.events !== undefined && !Array.isArray(body.events)) p.push({ path: 'events', message: 'must be an array' });
  const raw = Array.isArray(body.events) ? body.events : [];
  const events = raw.map((e, i) => parseEvent(e, i, origin, p)).filter((e): e is ScenarioEvent => e !== undefined);
  if (p.length > 0) throw new ValidationFailed(p);
  events.sort((a, b) => a.at - b.at || a.index - b.index);
  return { start: origin, until: until!, workspace, users, events };
}

/** Whether `value` is a duration offset string such as `+45m` (used by expectations to write times relative to the start). */
export function isOffset(value: unknown): value is string {
  return typeof value === 'string' && OFFSET_RE.test(value);
}
