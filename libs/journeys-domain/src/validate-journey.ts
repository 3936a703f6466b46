/**
 * validateJourney: checks a journey body as sent over REST (or read from a
 * file) and returns the normalised definition, or throws ValidationFailed
 * listing every problem with the path of the field at fault.
 */
import { ValidationFailed } from '@cairn/core';
import { isValidCron } from './cron';
import type { ExitCriterion, JourneyDefinition, JourneyEntry, JourneyGoal, JourneyStep, ReentryRule } from './journey.types';
import { isRecord } from './matching';
import { validateGraph } from './validate-graph';
import { JourneyRefs, validateStep } from './validate-steps';
import {
  checkObject,
  FORBIDDEN_KEYS,
  isPlainKey,
  join,
  optionalDuration,
  optionalWhere,
  Problems,
  requireDuration,
  requireName,
  scanForbiddenKeys,
} from './validation-support';

export type { JourneyRefs } from './validate-steps';

const TOP_LEVEL = ['key', 'name', 'description', 'entry', 'reentry', 'exitOn', 'goal', 'holdout', 'start', 'steps'];
export const MAX_HOLDOUT = 0.5;
export const MAX_STEPS = 200;

export function validateJourney(body: unknown, refs: JourneyRefs): JourneyDefinition {
  const p = new Problems();
  scanForbiddenKeys(body, '', p);
  if (!checkObject(body, '', TOP_LEVEL, p)) throw new ValidationFailed(p.list);
  if (!isPlainKey(body.key)) p.add('key', 'must be 1-64 letters, digits, "-" or "_", starting with a letter or digit');
  const name = requireName(body.name, 'name', p);
  if (body.description !== undefined && typeof body.description !== 'string') p.add('description', 'must be a string');
  const entry = validateEntry(body.entry, p, refs);
  const reentry = validateReentry(body.reentry, p);
  const exitOn = validateExitOn(body.exitOn, p);
  const goal = validateGoal(body.goal, p);
  const holdout = validateHoldout(body.holdout, p);
  const steps = validateSteps(body.steps, p, refs);
  const start = typeof body.start === 'string' && body.start !== '' ? body.start : undefined;
  if (start === undefined) p.add('start', 'must name the first step');
  validateGraph(steps, start, p);
  if (p.list.length > 0) throw new ValidationFailed(p.list);
  const definition: JourneyDefinition = {
    key: body.key as string,
    name: name as string,
    entry: entry as JourneyEntry,
    reentry,
    exitOn,
    holdout,
    start: start as string,
    steps: Object.fromEntries(steps),
  };
  if (typeof body.description === 'string') definition.description = body.description;
  if (goal) definition.goal = goal;
  return definition;
}

function validateEntry(value: unknown, p: Problems, refs: JourneyRefs): JourneyEntry | undefined {
  if (!isRecord(value)) {
    p.add('entry', 'must be an object: an event, segment, catalog or schedule entry');
    return undefined;
  }
  const segment = (key: unknown, path: string) => {
    const name = requireName(key, path, p);
    if (name !== undefined && !refs.segmentExists(name)) p.add(path, `unknown segment "${name}"`);
    return name ?? '';
  };
  if ('catalogEvent' in value) {
    checkObject(value, 'entry', ['catalogEvent', 'where', 'maxEventAge', 'audience'], p);
    return pruned({
      catalogEvent: requireName(value.catalogEvent, 'entry.catalogEvent', p) ?? '',
      where: optionalWhere(value.where, 'entry.where', p),
      maxEventAge: optionalDuration(value.maxEventAge, 'entry.maxEventAge', p),
      audience: validateAudience(value.audience, p),
    });
  }
  if ('schedule' in value) {
    checkObject(value, 'entry', ['schedule', 'segment'], p);
    if (!isValidCron(value.schedule)) p.add('entry.schedule', 'must be a 5-field cron expression such as "0 10 * * MON"');
    return { schedule: String(value.schedule), segment: segment(value.segment, 'entry.segment') };
  }
  if ('segment' in value) {
    checkObject(value, 'entry', ['segment', 'on'], p);
    if (value.on !== 'enter' && value.on !== 'exit') p.add('entry.on', 'must be enter or exit');
    return { segment: segment(value.segment, 'entry.segment'), on: value.on === 'exit' ? 'exit' : 'enter' };
  }
  if ('event' in value) {
    checkObject(value, 'entry', ['event', 'where', 'maxEventAge'], p);
    return pruned({
      event: requireName(value.event, 'entry.event', p) ?? '',
      where: optionalWhere(value.where, 'entry.where', p),
      maxEventAge: optionalDuration(value.maxEventAge, 'entry.maxEventAge', p),
    });
  }
  p.add('entry', 'must have one of event, segment, catalogEvent or schedule');
  return undefined;
}

function validateAudience(value: unknown, p: Problems) {
  const path = 'entry.audience';
  if (!checkObject(value, path, ['event', 'matchItem', 'within', 'notFollowedBy'], p)) {
    return { event: '', matchItem: '', within: '' };
  }
  return pruned({
    event: requireName(value.event, `${path}.event`, p) ?? '',
    matchItem: requireName(value.matchItem, `${path}.matchItem`, p) ?? '',
    within: requireDuration(value.within, `${path}.within`, p) ?? '',
    notFollowedBy: value.notFollowedBy === undefined ? undefined : requireName(value.notFollowedBy, `${path}.notFollowedBy`, p),
  });
}

function validateReentry(value: unknown, p: Problems): ReentryRule {
  if (value === undefined) return { mode: 'once' };
  if (!isRecord(value)) {
    p.add('reentry', 'must be an object with mode once, cooldown or always');
    return { mode: 'once' };
  }
  if (value.mode === 'cooldown') {
    checkObject(value, 'reentry', ['mode', 'cooldown'], p);
    return { mode: 'cooldown', cooldown: requireDuration(value.cooldown, 'reentry.cooldown', p) ?? '' };
  }
  if (value.mode === 'once' || value.mode === 'always') {
    checkObject(value, 'reentry', ['mode'], p);
    return { mode: value.mode };
  }
  p.add('reentry.mode', 'must be once, cooldown or always');
  return { mode: 'once' };
}

function validateExitOn(value: unknown, p: Problems): ExitCriterion[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    p.add('exitOn', 'must be an array of { event, where? }');
    return [];
  }
  return value.map((raw, i) => {
    const path = join('exitOn', i);
    if (!checkObject(raw, path, ['event', 'where'], p)) return { event: '' };
    return pruned({ event: requireName(raw.event, `${path}.event`, p) ?? '', where: optionalWhere(raw.where, `${path}.where`, p) });
  });
}

function validateGoal(value: unknown, p: Problems): JourneyGoal | undefined {
  if (value === undefined) return undefined;
  if (!checkObject(value, 'goal', ['event', 'where', 'within'], p)) return undefined;
  return pruned({
    event: requireName(value.event, 'goal.event', p) ?? '',
    where: optionalWhere(value.where, 'goal.where', p),
    within: requireDuration(value.within, 'goal.within', p) ?? '',
  });
}

function validateHoldout(value: unknown, p: Problems): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_HOLDOUT) {
    p.add('holdout', `must be a number from 0 to ${MAX_HOLDOUT}`);
    return 0;
  }
  return value;
}

function validateSteps(value: unknown, p: Problems, refs: JourneyRefs): Map<string, JourneyStep> {
  const steps = new Map<string, JourneyStep>();
  if (!isRecord(value) || Object.keys(value).length === 0) {
    p.add('steps', 'must be a non-empty object of step id → step');
    return steps;
  }
  if (Object.keys(value).length > MAX_STEPS) p.add('steps', `at most ${MAX_STEPS} steps`);
  for (const [id, raw] of Object.entries(value)) {
    if (FORBIDDEN_KEYS.has(id)) continue;
    if (!isPlainKey(id)) p.add(`steps.${id}`, 'step ids are 1-64 letters, digits, "-" or "_"');
    // A step that failed validation stays in the graph as a dead end, so that
    // steps pointing at it are not also reported as dangling.
    steps.set(id, validateStep(raw, `steps.${id}`, p, refs) ?? { type: 'exit' });
  }
  return steps;
}

/** Drops undefined optional fields so the normalised definition stays clean JSON. */
function pruned<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
