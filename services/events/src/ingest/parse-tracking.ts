import { DomainError, FieldProblem, ValidationFailed } from '@cairn/core';
import { assertSafeShape, jsonBytes } from '@cairn/runtime';
import { IngestType, TrackingEventDto } from './tracking-event.dto';
import { dateProblem, validateTrackingEvent } from './validate-event';

/** Segment's limits: 32 KB per event (the whole body is capped at 500 KB by the parser). */
export const MAX_EVENT_BYTES = 32 * 1024;
/** Most events one batch may carry. */
export const MAX_BATCH_EVENTS = 2_000;
/** Largest batch-level `context` (copied into each of its events, so it is kept small). */
export const MAX_BATCH_CONTEXT_BYTES = 8 * 1024;

export interface ParsedTracking {
  events: TrackingEventDto[];
  /** The batch's sentAt, used for events without their own. */
  sentAt?: string;
  /** Where each event is in the request, to name its fields: `batch[3]`, or '' for a single call. */
  at: string[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates one event; `prefix` names it in a batch (`batch[3]`). Its fields
 * first (so a too large trait is named), then its size as a whole.
 */
function validateEvent(raw: unknown, prefix: string, type?: IngestType): [TrackingEventDto | undefined, FieldProblem[]] {
  const at = prefix || '(body)';
  if (!isPlainObject(raw)) return [undefined, [{ path: at, message: 'must be a JSON object' }]];
  const validated = validateTrackingEvent(raw, prefix, type);
  if (validated[0] && jsonBytes(raw) > MAX_EVENT_BYTES)
    throw new DomainError('EVENT_TOO_LARGE', `${at}: an event may be at most 32 KB`, 413, [{ path: at, message: 'larger than 32 KB' }]);
  return validated;
}

/** A single call (`/v1/track` and friends): the type comes from the path. */
export function parseSingle(body: unknown, type: IngestType): ParsedTracking {
  assertSafeShape(body);
  const [event, found] = validateEvent(body, '', type);
  if (!event) throw new ValidationFailed(found);
  return { events: [event], at: [''] };
}

/** `/v1/batch`: `{ batch: [...], sentAt?, context? }`; every bad event is named by its index. */
export function parseBatch(body: unknown): ParsedTracking {
  assertSafeShape(body);
  if (!isPlainObject(body)) throw new ValidationFailed([{ path: '(body)', message: 'must be a JSON object' }]);
  const { batch, sentAt, context } = body;
  if (!Array.isArray(batch) || batch.length === 0) throw new ValidationFailed([{ path: 'batch', message: 'must be a non-empty array of events' }]);
  if (batch.length > MAX_BATCH_EVENTS) throw new ValidationFailed([{ path: 'batch', message: `must hold at most ${MAX_BATCH_EVENTS} events` }]);
  const found: FieldProblem[] = [];
  const sentAtProblem = sentAt === undefined ? undefined : dateProblem('sentAt', sentAt);
  if (sentAtProblem) found.push({ path: 'sentAt', message: sentAtProblem });
  if (context !== undefined && !isPlainObject(context)) found.push({ path: 'context', message: 'must be an object' });
  else if (context !== undefined && jsonBytes(context) > MAX_BATCH_CONTEXT_BYTES)
    found.push({ path: 'context', message: `must be at most ${MAX_BATCH_CONTEXT_BYTES / 1024} KiB as JSON` });
  const events: TrackingEventDto[] = [];
  batch.forEach((raw, i) => {
    const [event, problems] = validateEvent(raw, `batch[${i}]`);
    found.push(...problems);
    if (event) events.push(isPlainObject(context) ? Object.assign(event, { context: { ...context, ...event.context } }) : event);
  });
  if (found.length) throw new ValidationFailed(found);
  return { events, sentAt: sentAt as string | undefined, at: events.map((_, i) => `batch[${i}]`) };
}
