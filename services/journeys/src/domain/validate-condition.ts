/**
 * Structural validation of a branch condition: `{ segment: key }` or any
 * segment-style condition (DESIGN.md §7). The segments service evaluates it;
 * here we check its shape and that every referenced segment exists.
 */
import type { BranchCondition } from './journey.types';
import { WHERE_OPERATORS } from './journey.types';
import { isRecord } from './matching';
import { checkObject, join, optionalDuration, optionalWhere, Problems, requireName } from './validation-support';

const MAX_DEPTH = 16;

export function validateCondition(
  value: unknown,
  path: string,
  p: Problems,
  segmentExists: (key: string) => boolean,
  depth = 0,
): BranchCondition | undefined {
  if (!isRecord(value)) {
    p.add(path, 'must be a condition object');
    return undefined;
  }
  if (depth > MAX_DEPTH) {
    p.add(path, `conditions nest at most ${MAX_DEPTH} levels`);
    return undefined;
  }
  const nested = (child: unknown, childPath: string) => validateCondition(child, childPath, p, segmentExists, depth + 1);
  if ('all' in value || 'any' in value) return validateGroup(value, path, p, nested);
  if ('not' in value) {
    checkObject(value, path, ['not'], p);
    nested(value.not, join(path, 'not'));
    return value;
  }
  if ('segment' in value) {
    checkObject(value, path, ['segment'], p);
    const key = requireName(value.segment, join(path, 'segment'), p);
    if (key !== undefined && !segmentExists(key)) p.add(join(path, 'segment'), `unknown segment "${key}"`);
    return value;
  }
  if ('trait' in value) return validateTrait(value, path, p);
  if ('event' in value) return validateEventCondition(value, path, p);
  p.add(path, 'must be one of all, any, not, segment, trait or event conditions');
  return undefined;
}

function validateGroup(
  value: Record<string, unknown>,
  path: string,
  p: Problems,
  nested: (child: unknown, childPath: string) => unknown,
): BranchCondition {
  const op = 'all' in value ? 'all' : 'any';
  checkObject(value, path, [op], p);
  const children = value[op];
  if (!Array.isArray(children) || children.length === 0) {
    p.add(join(path, op), 'must be a non-empty array of conditions');
  } else {
    children.forEach((child, i) => nested(child, join(join(path, op), i)));
  }
  return value;
}

function validateTrait(value: Record<string, unknown>, path: string, p: Problems): BranchCondition {
  checkObject(value, path, ['trait', 'op', 'value'], p);
  requireName(value.trait, join(path, 'trait'), p);
  if (!(WHERE_OPERATORS as readonly unknown[]).includes(value.op)) {
    p.add(join(path, 'op'), `must be one of ${WHERE_OPERATORS.join(', ')}`);
  }
  if (value.op !== 'exists' && value.value === undefined) p.add(join(path, 'value'), 'is required');
  return value;
}

function validateEventCondition(value: Record<string, unknown>, path: string, p: Problems): BranchCondition {
  checkObject(value, path, ['event', 'where', 'count', 'within', 'lastAt'], p);
  requireName(value.event, join(path, 'event'), p);
  optionalWhere(value.where, join(path, 'where'), p);
  if (value.within !== 'ever') optionalDuration(value.within, join(path, 'within'), p);
  if (value.count !== undefined && checkObject(value.count, join(path, 'count'), ['min', 'max'], p)) {
    for (const bound of ['min', 'max'] as const) {
      const n = value.count[bound];
      if (n !== undefined && !(Number.isInteger(n) && (n as number) >= 0)) {
        p.add(join(join(path, 'count'), bound), 'must be a whole number, zero or more');
      }
    }
  }
  if (value.lastAt !== undefined && checkObject(value.lastAt, join(path, 'lastAt'), ['olderThan', 'newerThan'], p)) {
    optionalDuration(value.lastAt.olderThan, join(path, 'lastAt.olderThan'), p);
    optionalDuration(value.lastAt.newerThan, join(path, 'lastAt.newerThan'), p);
  }
  return value;
}
