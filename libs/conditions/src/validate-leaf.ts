import { parseDuration } from '@cairn/core';
import {
  isOperator,
  OPERATORS,
  type CountBounds,
  type EventCondition,
  type Operator,
  type PropertyPredicate,
  type RecencyBounds,
  type RecencyCondition,
  type TraitCondition,
  type WhereFilter,
} from './condition.types';
import { checkDuration, checkKeys, checkName, child, FORBIDDEN_KEYS, isPlainObject, type Problems } from './validation-support';

const UNKNOWN_OP = `unknown operator; expected one of ${OPERATORS.join(', ')}`;

/**
 * How `where` operands are read. A caller that resolves references before
 * matching (journeys' `{{ entry.properties.cartId }}`) checks every operand
 * string holding `{{` with `reference` (of a shorthand value and of eq, neq,
 * gt, gte, lt, lte and contains), which answers a problem message or
 * undefined; without it such a string is plain text.
 */
export interface WhereOptions {
  reference?: (text: string) => string | undefined;
}

const REFERABLE: ReadonlySet<string> = new Set(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains']);

function checkReference(value: unknown, path: string, problems: Problems, options: WhereOptions): boolean {
  if (options.reference === undefined || typeof value !== 'string' || !value.includes('{{')) return true;
  const problem = options.reference(value);
  if (problem !== undefined) problems.push({ path, message: problem });
  return problem === undefined;
}

function isComparable(value: unknown): boolean {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** Checks the operand an operator takes; returns false after reporting. */
export function checkOperand(op: Operator, present: boolean, value: unknown, path: string, problems: Problems): boolean {
  const fail = (message: string) => (problems.push({ path, message }), false);
  switch (op) {
    case 'exists':
      return !present || typeof value === 'boolean' || fail('exists takes true, false or no value');
    case 'eq':
    case 'neq':
      return present || fail(`${op} needs a value`);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return (present && isComparable(value)) || fail(`${op} needs a number or a string`);
    case 'in':
      return (Array.isArray(value) && value.length > 0) || fail('in needs a non-empty array');
    case 'contains':
      return (present && value !== null && ['string', 'number', 'boolean'].includes(typeof value)) || fail('contains needs a string, number or boolean');
  }
}

export function validateTrait(input: Record<string, unknown>, path: string, problems: Problems): TraitCondition | undefined {
  checkKeys(input, ['trait', 'op', 'value'], path, problems);
  const trait = checkName(input.trait, child(path, 'trait'), problems, 'a trait name');
  const op = input.op;
  if (!isOperator(op)) {
    problems.push({ path: child(path, 'op'), message: UNKNOWN_OP });
    return undefined;
  }
  const present = Object.hasOwn(input, 'value');
  const ok = checkOperand(op, present, input.value, child(path, 'value'), problems);
  if (trait === undefined || !ok) return undefined;
  return present ? { trait, op, value: input.value } : { trait, op };
}

function validatePredicate(input: unknown, path: string, problems: Problems, options: WhereOptions): PropertyPredicate | undefined {
  if (!isPlainObject(input)) return checkReference(input, path, problems, options) ? { eq: input } : undefined;
  const keys = Object.keys(input).filter((k) => !FORBIDDEN_KEYS.includes(k));
  if (keys.length === 0) {
    problems.push({ path, message: 'expected a value or an operator object such as { "gte": 10000 }' });
    return undefined;
  }
  const predicate: PropertyPredicate = {};
  let ok = true;
  for (const key of keys) {
    const at = child(path, key);
    if (!isOperator(key)) {
      problems.push({ path: at, message: UNKNOWN_OP });
      ok = false;
    } else if (checkOperand(key, true, input[key], at, problems) && (!REFERABLE.has(key) || checkReference(input[key], at, problems, options))) {
      predicate[key] = input[key];
    } else ok = false;
  }
  return ok ? predicate : undefined;
}

/**
 * `where` maps a property name (or dotted path) to a value (equality) or an
 * operator object; normalised to operator objects.
 */
export function validateWhere(input: unknown, path: string, problems: Problems, options: WhereOptions = {}): WhereFilter | undefined {
  if (!isPlainObject(input) || Object.keys(input).length === 0) {
    problems.push({ path, message: 'expected an object mapping property names to values or operator objects' });
    return undefined;
  }
  const where: WhereFilter = {};
  let ok = true;
  for (const name of Object.keys(input)) {
    if (FORBIDDEN_KEYS.includes(name)) continue;
    const predicate =
      name === ''
        ? (problems.push({ path: child(path, name), message: 'a property name must not be empty' }), undefined)
        : validatePredicate(input[name], child(path, name), problems, options);
    if (predicate === undefined) ok = false;
    else where[name] = predicate;
  }
  return ok ? where : undefined;
}

function validateCount(input: unknown, path: string, problems: Problems): CountBounds | undefined {
  if (!isPlainObject(input)) {
    problems.push({ path, message: 'expected { "min"?: n, "max"?: n }' });
    return undefined;
  }
  checkKeys(input, ['min', 'max'], path, problems);
  const bounds: CountBounds = {};
  let ok = true;
  for (const key of ['min', 'max'] as const) {
    if (!Object.hasOwn(input, key)) continue;
    const n = input[key];
    if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) bounds[key] = n;
    else {
      problems.push({ path: child(path, key), message: 'expected a non-negative integer' });
      ok = false;
    }
  }
  if (ok && bounds.min === undefined && bounds.max === undefined) {
    problems.push({ path, message: 'count needs min, max or both' });
    ok = false;
  }
  if (ok && bounds.min !== undefined && bounds.max !== undefined && bounds.min > bounds.max) {
    problems.push({ path, message: 'min is greater than max, so nothing can match' });
    ok = false;
  }
  return ok ? bounds : undefined;
}

function validateLastAt(input: unknown, path: string, problems: Problems): RecencyBounds | undefined {
  if (!isPlainObject(input)) {
    problems.push({ path, message: 'expected { "olderThan"?: duration, "newerThan"?: duration }' });
    return undefined;
  }
  checkKeys(input, ['olderThan', 'newerThan'], path, problems);
  const bounds: RecencyBounds = {};
  let ok = true;
  for (const key of ['olderThan', 'newerThan'] as const) {
    if (!Object.hasOwn(input, key)) continue;
    const d = checkDuration(input[key], child(path, key), problems);
    if (d === undefined) ok = false;
    else bounds[key] = d;
  }
  if (ok && bounds.olderThan === undefined && bounds.newerThan === undefined) {
    problems.push({ path, message: 'lastAt needs olderThan, newerThan or both' });
    ok = false;
  }
  if (ok && bounds.olderThan && bounds.newerThan && parseDuration(bounds.olderThan) >= parseDuration(bounds.newerThan)) {
    problems.push({ path, message: 'olderThan must be shorter than newerThan, or nothing can match' });
    ok = false;
  }
  return ok ? bounds : undefined;
}

export function validateEvent(input: Record<string, unknown>, path: string, problems: Problems): EventCondition | RecencyCondition | undefined {
  const recency = Object.hasOwn(input, 'lastAt');
  checkKeys(input, recency ? ['event', 'where', 'lastAt'] : ['event', 'where', 'count', 'within'], path, problems);
  const event = checkName(input.event, child(path, 'event'), problems, 'an event name');
  const where = Object.hasOwn(input, 'where') ? validateWhere(input.where, child(path, 'where'), problems) : undefined;
  const whereOk = !Object.hasOwn(input, 'where') || where !== undefined;
  if (recency) {
    const lastAt = validateLastAt(input.lastAt, child(path, 'lastAt'), problems);
    if (event === undefined || !whereOk || lastAt === undefined) return undefined;
    return where ? { event, where, lastAt } : { event, lastAt };
  }
  const has = (key: string) => Object.hasOwn(input, key);
  const count = has('count') ? validateCount(input.count, child(path, 'count'), problems) : undefined;
  const within = has('within') ? checkDuration(input.within, child(path, 'within'), problems) : undefined;
  if (event === undefined || !whereOk || (has('count') && !count) || (has('within') && !within)) return undefined;
  const out: EventCondition = { event };
  if (where) out.where = where;
  if (count) out.count = count;
  if (within) out.within = within;
  return out;
}
