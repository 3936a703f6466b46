import { checkKeys, checkSlug, isPlainObject, NAME_MAX, scanForbiddenKeys, validateCondition, type Condition, type SegmentReferences } from '@cairn/conditions';
import { ValidationFailed, type FieldProblem } from '@cairn/core';

export const DESCRIPTION_MAX = 2000;

/** A segment as defined through the API: the condition language is `@cairn/conditions`. */
export interface SegmentDefinition {
  key: string;
  name: string;
  description?: string;
  condition: Condition;
}

/**
 * Validates a segment definition as sent to `POST /v1/segments` and returns
 * it normalised: names trimmed, `where` shorthands turned into operator
 * objects (`{ "productId": "P-100" }` → `{ "productId": { "eq": "P-100" } }`),
 * unknown keys refused. Throws `ValidationFailed` listing every problem with
 * its path, never just the first.
 */
export function validateSegmentDefinition(body: unknown, refs: SegmentReferences): SegmentDefinition {
  if (!isPlainObject(body)) {
    throw new ValidationFailed([{ path: '', message: 'expected a JSON object' }]);
  }
  const problems: FieldProblem[] = [];
  scanForbiddenKeys(body, '', problems);
  checkKeys(body, ['key', 'name', 'description', 'condition'], '', problems);
  const key = checkSlug(body.key, 'key', problems);
  const name = checkText(body.name, 'name', NAME_MAX, true, problems);
  const description = Object.hasOwn(body, 'description') ? checkText(body.description, 'description', DESCRIPTION_MAX, false, problems) : undefined;
  const condition = Object.hasOwn(body, 'condition')
    ? validateCondition(body.condition, 'condition', 1, { problems, refs, selfKey: key ?? stringOrUndefined(body.key) })
    : (problems.push({ path: 'condition', message: 'required' }), undefined);
  if (problems.length > 0 || key === undefined || name === undefined || condition === undefined) {
    throw new ValidationFailed(problems);
  }
  return description ? { key, name, description, condition } : { key, name, condition };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function checkText(value: unknown, path: string, max: number, required: boolean, problems: FieldProblem[]): string | undefined {
  if (typeof value !== 'string' || (required && value.trim() === '')) {
    problems.push({ path, message: required ? 'expected a non-empty string' : 'expected a string' });
    return undefined;
  }
  if (value.length > max) {
    problems.push({ path, message: `must be at most ${max} characters` });
    return undefined;
  }
  return value.trim();
}
