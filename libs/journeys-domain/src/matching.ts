/**
 * Property filters (`where`) of entries, exit criteria, goals and `waitUntil`
 * are matched by `@cairn/conditions` (one semantics with segments, see its
 * README); journeys stores them as written and matches them so. What stays
 * here is journeys' own: plain references into the run context
 * (`{{ entry.properties.cartId }}`: a dotted-path lookup, no Liquid), which a
 * `waitUntil` resolves before it waits.
 */
import { isPlainObject, lookupPath } from '@cairn/conditions';
import type { Scalar, Where } from './journey.types';

export { lookupPath, matchesWhere } from '@cairn/conditions';

const REF_RE = /^\{\{\s*([A-Za-z_]\w*(?:\.[A-Za-z0-9_-]+)*)\s*\}\}$/;

export function isTemplateRef(value: unknown): value is string {
  return typeof value === 'string' && REF_RE.test(value);
}

/** The dotted path of a reference (`entry.properties.cartId`), or undefined. */
export function templateRefPath(value: string): string | undefined {
  return REF_RE.exec(value)?.[1];
}

/**
 * Resolves `{{ a.b.c }}` against the context; any other value is returned as
 * is. An unknown path resolves to undefined.
 */
export function resolveTemplateRef(value: unknown, context: unknown): unknown {
  if (typeof value !== 'string') return value;
  const path = templateRefPath(value);
  return path === undefined ? value : lookupPath(context, path);
}

export interface ResolvedMatch {
  match: Where;
  /** Properties whose reference did not resolve: such a match never succeeds. */
  unresolved: string[];
}

/** Resolves every reference in a `waitUntil` match (top level and operator operands). */
export function resolveMatch(match: Where | undefined, context: unknown): ResolvedMatch {
  const resolved: Where = {};
  const unresolved: string[] = [];
  for (const [property, expected] of Object.entries(match ?? {})) {
    if (isPlainObject(expected)) {
      const ops: Record<string, unknown> = {};
      for (const [op, operand] of Object.entries(expected)) {
        const value = resolveTemplateRef(operand, context);
        if (value === undefined) unresolved.push(property);
        ops[op] = value;
      }
      resolved[property] = ops;
    } else {
      const value = resolveTemplateRef(expected, context);
      // A reference must resolve to a scalar; a literal (a list, say) is kept as written.
      if (value === undefined || (isTemplateRef(expected) && !isScalar(value))) unresolved.push(property);
      else resolved[property] = value as Where[string];
    }
  }
  return { match: resolved, unresolved: [...new Set(unresolved)] };
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
