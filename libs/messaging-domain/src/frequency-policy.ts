import { FieldProblem, isDuration, isLocalTime, parseDuration, ValidationFailed } from '@cairn/core';

/**
 * The workspace's frequency policy (`PUT /v1/frequency-policy`): caps on how
 * many messages one user receives, quiet hours, and the compliance preset.
 */
export type MessageCategory = 'promotional' | 'transactional';
export const MESSAGE_CATEGORIES: readonly MessageCategory[] = ['promotional', 'transactional'];

export type CapScope = 'all' | 'channel' | 'journey';
export type CalendarWindow = 'calendar-day' | 'calendar-week';
export type CompliancePreset = 'none' | 'kr-ad-law';
export type WhenCapped = 'drop' | 'defer';

export interface FrequencyRule {
  /** `all`: every counted send; `channel`: sends on `channel`; `journey`: each journey counted separately. */
  scope: CapScope;
  /** Only with scope `channel`: the channel key the rule counts. */
  channel?: string;
  /** At most this many counted sends inside the window (>= 1). */
  limit: number;
  /** A rolling duration (`24h`, `7d`) or a calendar window in the user's time zone. */
  window: string;
  /** Categories the rule counts and applies to. Default `["promotional"]`. */
  categories: MessageCategory[];
}

export interface QuietHours {
  /** Local `HH:MM`, inclusive. */
  start: string;
  /** Local `HH:MM`, exclusive; earlier than start means the window wraps midnight. */
  end: string;
  /** Categories held back during quiet hours. Default `["promotional"]`. */
  categories: MessageCategory[];
}

export interface FrequencyPolicy {
  rules: FrequencyRule[];
  whenCapped: WhenCapped;
  quietHours?: QuietHours;
  compliance: CompliancePreset;
}

/** A workspace that has not set a policy: no caps, no quiet hours. */
export const EMPTY_FREQUENCY_POLICY: FrequencyPolicy = { rules: [], whenCapped: 'drop', compliance: 'none' };

export const MAX_RULES = 50;
export const MAX_LIMIT = 1_000_000;
export const MAX_ROLLING_WINDOW_MS = parseDuration('366d');
const CALENDAR_WINDOWS: readonly string[] = ['calendar-day', 'calendar-week'];
const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export function isCalendarWindow(window: string): window is CalendarWindow {
  return CALENDAR_WINDOWS.includes(window);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownFields(value: Record<string, unknown>, allowed: string[], path: string, problems: FieldProblem[]) {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) problems.push({ path: path ? `${path}.${key}` : key, message: 'unknown field' });
  }
}

function validateCategories(value: unknown, path: string, problems: FieldProblem[]): MessageCategory[] {
  if (value === undefined) return ['promotional'];
  if (!Array.isArray(value) || value.length === 0) {
    problems.push({ path, message: 'must be a non-empty array of "promotional" and/or "transactional"' });
    return [];
  }
  value.forEach((item, i) => {
    if (!MESSAGE_CATEGORIES.includes(item)) {
      problems.push({ path: `${path}[${i}]`, message: 'must be "promotional" or "transactional"' });
    } else if (value.indexOf(item) !== i) {
      problems.push({ path: `${path}[${i}]`, message: `duplicate category ${JSON.stringify(item)}` });
    }
  });
  return value as MessageCategory[];
}

function validateWindow(value: unknown, path: string, problems: FieldProblem[]): void {
  if (typeof value === 'string' && isCalendarWindow(value)) return;
  if (!isDuration(value)) {
    problems.push({ path, message: 'must be a duration such as "24h" or "7d", or "calendar-day" / "calendar-week"' });
    return;
  }
  const ms = parseDuration(value);
  if (ms <= 0) problems.push({ path, message: 'must be longer than zero' });
  else if (ms > MAX_ROLLING_WINDOW_MS) problems.push({ path, message: 'must be at most 366d' });
}

function validateScope(rule: Record<string, unknown>, path: string, problems: FieldProblem[]): void {
  if (!['all', 'channel', 'journey'].includes(rule.scope as string)) {
    problems.push({ path: `${path}.scope`, message: 'must be "all", "channel" or "journey"' });
    return;
  }
  if (rule.scope === 'channel') {
    if (typeof rule.channel !== 'string' || !KEY_RE.test(rule.channel)) {
      problems.push({ path: `${path}.channel`, message: 'scope "channel" needs a channel key' });
    }
  } else if (rule.channel !== undefined) {
    problems.push({ path: `${path}.channel`, message: 'only allowed with scope "channel"' });
  }
}

function validateRule(value: unknown, path: string, problems: FieldProblem[]): FrequencyRule | undefined {
  if (!isObject(value)) {
    problems.push({ path, message: 'must be an object' });
    return undefined;
  }
  unknownFields(value, ['scope', 'channel', 'limit', 'window', 'categories'], path, problems);
  validateScope(value, path, problems);
  const limit = value.limit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    problems.push({ path: `${path}.limit`, message: `must be an integer from 1 to ${MAX_LIMIT}` });
  }
  validateWindow(value.window, `${path}.window`, problems);
  const categories = validateCategories(value.categories, `${path}.categories`, problems);
  const rule: FrequencyRule = {
    scope: value.scope as CapScope,
    limit: limit as number,
    window: value.window as string,
    categories,
  };
  if (value.scope === 'channel') rule.channel = value.channel as string;
  return rule;
}

function validateRules(value: unknown, problems: FieldProblem[]): FrequencyRule[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push({ path: 'rules', message: 'must be an array' });
    return [];
  }
  if (value.length > MAX_RULES) problems.push({ path: 'rules', message: `at most ${MAX_RULES} rules` });
  return value.map((rule, i) => validateRule(rule, `rules[${i}]`, problems)).filter((rule): rule is FrequencyRule => rule !== undefined);
}

function validateQuietHours(value: unknown, problems: FieldProblem[]): QuietHours | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    problems.push({ path: 'quietHours', message: 'must be an object with start and end, or null' });
    return undefined;
  }
  unknownFields(value, ['start', 'end', 'categories'], 'quietHours', problems);
  for (const edge of ['start', 'end'] as const) {
    if (!isLocalTime(value[edge])) problems.push({ path: `quietHours.${edge}`, message: 'must be a local time HH:MM' });
  }
  if (isLocalTime(value.start) && value.start === value.end) {
    problems.push({ path: 'quietHours.end', message: 'must differ from start' });
  }
  const categories = validateCategories(value.categories, 'quietHours.categories', problems);
  return { start: value.start as string, end: value.end as string, categories };
}

/**
 * Validates a `PUT /v1/frequency-policy` body and fills in defaults
 * (`categories` → `["promotional"]`, `whenCapped` → `drop`, `compliance` →
 * `defaultCompliance`). Throws ValidationFailed naming every offending field,
 * e.g. `rules[2].window`.
 */
export function validateFrequencyPolicy(body: unknown, defaultCompliance: CompliancePreset = 'none'): FrequencyPolicy {
  if (!isObject(body)) throw new ValidationFailed([{ path: '', message: 'must be a JSON object' }]);
  const problems: FieldProblem[] = [];
  unknownFields(body, ['rules', 'whenCapped', 'quietHours', 'compliance'], '', problems);
  const rules = validateRules(body.rules, problems);
  const whenCapped = body.whenCapped ?? 'drop';
  if (whenCapped !== 'drop' && whenCapped !== 'defer') {
    problems.push({ path: 'whenCapped', message: 'must be "drop" or "defer"' });
  }
  const quietHours = validateQuietHours(body.quietHours, problems);
  const compliance = body.compliance ?? defaultCompliance;
  if (compliance !== 'none' && compliance !== 'kr-ad-law') {
    problems.push({ path: 'compliance', message: 'must be "none" or "kr-ad-law"' });
  }
  if (problems.length > 0) throw new ValidationFailed(problems);
  const policy: FrequencyPolicy = { rules, whenCapped: whenCapped as WhenCapped, compliance: compliance as CompliancePreset };
  if (quietHours) policy.quietHours = quietHours;
  return policy;
}
