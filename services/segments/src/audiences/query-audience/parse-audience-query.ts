import { isDuration, parseDuration, ValidationFailed, type FieldProblem } from '@cairn/core';
import type { QueryAudienceCommand } from './query-audience.command';

const KEYS = ['event', 'where', 'within', 'notFollowedBy', 'limit', 'after'];
export const AUDIENCE_PAGE_MAX = 10_000;

function isName(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 256;
}

/** Validates a `POST /v1/audiences/query` body, naming every field at fault. */
export function parseAudienceQuery(workspaceId: string, body: unknown): QueryAudienceCommand {
  const input = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (!input) throw new ValidationFailed([{ path: '', message: 'expected a JSON object' }]);
  const problems: FieldProblem[] = Object.keys(input)
    .filter((k) => !KEYS.includes(k))
    .map((path) => ({ path, message: 'unknown field' }));
  if (!isName(input.event)) problems.push({ path: 'event', message: 'expected an event name' });
  const where = input.where;
  if (typeof where !== 'object' || where === null || Array.isArray(where) || Object.keys(where).length === 0) {
    problems.push({ path: 'where', message: 'expected an object of item properties, such as { "productId": "P-100" }' });
  } else {
    for (const [k, v] of Object.entries(where)) {
      if (!['string', 'number', 'boolean'].includes(typeof v)) problems.push({ path: `where.${k}`, message: 'expected a string, number or boolean' });
    }
  }
  if (!isDuration(input.within) || parseDuration(input.within) <= 0) problems.push({ path: 'within', message: 'expected a positive duration such as 30d' });
  if (input.notFollowedBy !== undefined && !isName(input.notFollowedBy)) problems.push({ path: 'notFollowedBy', message: 'expected an event name' });
  const limit = input.limit ?? 1000;
  if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > AUDIENCE_PAGE_MAX) {
    problems.push({ path: 'limit', message: `expected an integer from 1 to ${AUDIENCE_PAGE_MAX}` });
  }
  if (input.after !== undefined && typeof input.after !== 'string') problems.push({ path: 'after', message: 'expected the `next` of the previous page' });
  if (problems.length > 0) throw new ValidationFailed(problems);
  return {
    workspaceId,
    event: input.event as string,
    where: where as QueryAudienceCommand['where'],
    withinMs: parseDuration(input.within as string),
    notFollowedBy: input.notFollowedBy as string | undefined,
    limit: limit as number,
    after: input.after as string | undefined,
  };
}
