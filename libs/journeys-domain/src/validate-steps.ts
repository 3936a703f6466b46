/**
 * Validation of individual steps: their fields, durations, local times,
 * weights and references to templates, channels, coupon pools and segments.
 * Graph properties (dangling targets, reachability, cycles) are checked in
 * validate-graph.ts.
 */
import { isLocalTime } from '@cairn/core';
import type { JourneyStep, SendStep, SplitPath, StepTarget } from './journey.types';
import { STEP_TYPES } from './journey.types';
import { isRecord } from './matching';
import { validateCondition } from './validate-condition';
import { checkObject, join, optionalWhere, Problems, requireDuration, requireName } from './validation-support';

/** What validation must ask the rest of the workspace. */
export interface JourneyRefs {
  segmentExists(key: string): boolean;
  templateExists(key: string): boolean;
  channelExists(key: string): boolean;
  /** When absent, coupon pools are not checked. */
  couponPoolExists?(key: string): boolean;
}

const CATEGORIES = ['promotional', 'transactional'];

export function validateStep(value: unknown, path: string, p: Problems, refs: JourneyRefs): JourneyStep | undefined {
  if (!isRecord(value)) {
    p.add(path, 'must be a step object');
    return undefined;
  }
  switch (value.type) {
    case 'wait':
      return validateWait(value, path, p);
    case 'waitUntil':
      return validateWaitUntil(value, path, p);
    case 'branch':
      checkObject(value, path, ['type', 'if', 'then', 'else'], p);
      return {
        type: 'branch',
        if: validateCondition(value.if, join(path, 'if'), p, (k) => refs.segmentExists(k)) ?? {},
        then: target(value, 'then', path, p),
        else: target(value, 'else', path, p),
      };
    case 'split':
      return validateSplit(value, path, p);
    case 'send':
      return validateSend(value, path, p, refs);
    case 'exit':
      checkObject(value, path, ['type'], p);
      return { type: 'exit' };
    default:
      p.add(join(path, 'type'), `unknown step type ${JSON.stringify(value.type)} (use ${STEP_TYPES.join(', ')})`);
      return undefined;
  }
}

/** A required target field: a step id (checked later) or null to end the run. */
function target(step: Record<string, unknown>, field: string, path: string, p: Problems): StepTarget {
  const value = step[field];
  if (value === null) return null;
  if (value === undefined) p.add(join(path, field), 'is required (a step id, or null to end the run)');
  else if (typeof value !== 'string' || value === '') p.add(join(path, field), 'must be a step id or null');
  else return value;
  return null;
}

function validateWait(value: Record<string, unknown>, path: string, p: Problems): JourneyStep {
  checkObject(value, path, ['type', 'duration', 'until', 'next'], p);
  const next = target(value, 'next', path, p);
  if ((value.duration === undefined) === (value.until === undefined)) {
    p.add(join(path, 'duration'), 'give exactly one of duration and until');
    return { type: 'wait', duration: '1s', next };
  }
  if (value.until !== undefined) {
    if (!isLocalTime(value.until)) p.add(join(path, 'until'), 'must be a local time HH:MM between 00:00 and 23:59');
    return { type: 'wait', until: String(value.until), next };
  }
  return { type: 'wait', duration: requireDuration(value.duration, join(path, 'duration'), p), next };
}

function validateWaitUntil(value: Record<string, unknown>, path: string, p: Problems): JourneyStep {
  checkObject(value, path, ['type', 'event', 'match', 'timeout', 'onEvent', 'onTimeout'], p);
  return {
    type: 'waitUntil',
    event: requireName(value.event, join(path, 'event'), p) ?? '',
    match: optionalWhere(value.match, join(path, 'match'), p, true),
    timeout: requireDuration(value.timeout, join(path, 'timeout'), p) ?? '',
    onEvent: target(value, 'onEvent', path, p),
    onTimeout: target(value, 'onTimeout', path, p),
  };
}

function validateSplit(value: Record<string, unknown>, path: string, p: Problems): JourneyStep {
  checkObject(value, path, ['type', 'paths'], p);
  const paths: SplitPath[] = [];
  if (!Array.isArray(value.paths) || value.paths.length === 0) {
    p.add(join(path, 'paths'), 'must be a non-empty array of { weight, next }');
    return { type: 'split', paths };
  }
  value.paths.forEach((raw: unknown, i: number) => {
    const at = join(join(path, 'paths'), i);
    if (!checkObject(raw, at, ['weight', 'next'], p)) return;
    const weight = raw.weight;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) {
      p.add(join(at, 'weight'), 'must be a positive number');
    }
    paths.push({ weight: Number(weight), next: target(raw, 'next', at, p) });
  });
  return { type: 'split', paths };
}

function validateSend(value: Record<string, unknown>, path: string, p: Problems, refs: JourneyRefs): JourneyStep {
  checkObject(value, path, ['type', 'channel', 'template', 'category', 'coupon', 'fallback', 'next'], p);
  const channel = requireName(value.channel, join(path, 'channel'), p);
  if (channel !== undefined && !refs.channelExists(channel)) p.add(join(path, 'channel'), `unknown channel "${channel}"`);
  const template = requireName(value.template, join(path, 'template'), p);
  if (template !== undefined && !refs.templateExists(template)) {
    p.add(join(path, 'template'), `unknown template "${template}"`);
  }
  if (!CATEGORIES.includes(value.category as string)) {
    p.add(join(path, 'category'), 'must be promotional or transactional');
  }
  const step: JourneyStep = {
    type: 'send',
    channel: channel ?? '',
    template: template ?? '',
    category: value.category === 'transactional' ? 'transactional' : 'promotional',
    next: target(value, 'next', path, p),
  };
  if (value.coupon !== undefined && checkObject(value.coupon, join(path, 'coupon'), ['pool'], p)) {
    const pool = requireName(value.coupon.pool, join(path, 'coupon.pool'), p);
    if (pool !== undefined && refs.couponPoolExists && !refs.couponPoolExists(pool)) {
      p.add(join(path, 'coupon.pool'), `unknown coupon pool "${pool}"`);
    }
    if (pool !== undefined) step.coupon = { pool };
  }
  const fallback = validateFallback(value.fallback, join(path, 'fallback'), p, refs);
  if (fallback && step.category === 'promotional') {
    p.add(join(path, 'fallback'), 'is for informational messages only (AlimTalk carries no advertising): use category transactional');
  }
  if (fallback) step.fallback = fallback;
  return step;
}

/** A send step's `fallback: { channel, template }`: both must exist, like the step's own. */
function validateFallback(value: unknown, path: string, p: Problems, refs: JourneyRefs): SendStep['fallback'] {
  if (value === undefined || !checkObject(value, path, ['channel', 'template'], p)) return undefined;
  const channel = requireName(value.channel, join(path, 'channel'), p);
  if (channel !== undefined && !refs.channelExists(channel)) p.add(join(path, 'channel'), `unknown channel "${channel}"`);
  const template = requireName(value.template, join(path, 'template'), p);
  if (template !== undefined && !refs.templateExists(template)) p.add(join(path, 'template'), `unknown template "${template}"`);
  return channel !== undefined && template !== undefined ? { channel, template } : undefined;
}
