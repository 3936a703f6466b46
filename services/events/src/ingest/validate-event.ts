import { FieldProblem } from '@cairn/core';
import { isISO8601, isObject, length } from 'class-validator';
import { isBeforeEarliest } from './event-time';
import { EVENT_TYPES, IngestType, TrackingEventDto } from './tracking-event.dto';
import { idCharacterProblem, objectBoundsProblem } from './value-bounds';

/**
 * The rules of TrackingEventDto (which documents them in OpenAPI) as one plain
 * function: the same checks, messages and field paths as class-validator with
 * `whitelist` and `stopAtFirstError`, without building a class instance and
 * walking decorator metadata for every event of a batch. Returns the event with
 * only its known fields, or the problems found.
 */

const ID_FIELDS = ['userId', 'anonymousId', 'messageId', 'previousId', 'groupId'] as const;
const ID_SET: ReadonlySet<string> = new Set(ID_FIELDS);
const OBJECT_FIELDS = ['properties', 'traits', 'context', 'integrations'] as const;
/** The free-form objects whose size and shape are bounded (value-bounds.ts). */
const BOUNDED_FIELDS: ReadonlySet<string> = new Set(['properties', 'traits']);
const DATE_FIELDS = ['timestamp', 'originalTimestamp', 'sentAt'] as const;
const FIELDS = ['type', ...ID_FIELDS, 'event', 'name', ...OBJECT_FIELDS, ...DATE_FIELDS] as const;
const TYPES: ReadonlySet<unknown> = new Set(EVENT_TYPES);
const MISSING_USER_ID = 'userId must be a string (userId or anonymousId is required; alias requires userId)';

type Raw = Record<string, unknown>;

/** Whether a field is checked at all: IsOptional skips absent values, ValidateIf its condition. */
function isRequired(field: string, e: Raw): boolean {
  switch (field) {
    case 'userId':
      return e.type === 'alias' || e.anonymousId === undefined;
    case 'event':
      return e.type === 'track';
    case 'previousId':
      return e.type === 'alias';
    case 'groupId':
      return e.type === 'group';
    default:
      return false;
  }
}

function stringProblem(field: string, value: unknown, min: number): string | undefined {
  if (typeof value !== 'string') return field === 'userId' ? MISSING_USER_ID : `${field} must be a string`;
  if (length(value, min, 256)) return undefined;
  return value.length < min ? `${field} must be longer than or equal to ${min} characters` : `${field} must be shorter than or equal to 256 characters`;
}

function idProblem(field: string, value: unknown): string | undefined {
  return stringProblem(field, value, 1) ?? idCharacterProblem(value as string);
}

/** A date-time as sent: ISO 8601, a real calendar date, not before 2000-01-01 (an unset clock). */
export function dateProblem(field: string, value: unknown): string | undefined {
  if (!isISO8601(value, { strict: true })) return `${field} must be an ISO 8601 date-time`;
  if (Number.isNaN(Date.parse(value as string))) return 'must be a calendar date-time';
  return isBeforeEarliest(value as string) ? 'must not be before 2000-01-01' : undefined;
}

/**
 * The known fields of a raw event. Segment SDKs send `null` for ids they do
 * not have, RudderStack's browser SDK an empty `userId` before identify: both
 * mean absent.
 */
function knownFields(raw: Raw, type?: IngestType): Raw {
  const e: Raw = {};
  for (const field of FIELDS) {
    const value = raw[field];
    if (value !== null && value !== undefined && !(value === '' && ID_SET.has(field))) e[field] = value;
  }
  if (type) e.type = type;
  return e;
}

/**
 * RudderStack's browser SDK sends an identify's traits as `context.traits`
 * (Segment's as `traits`): an identify without `traits` takes those, bounded
 * like traits and named by where they are.
 */
function contextTraits(e: Raw, prefix: string, out: Raw, found: FieldProblem[]): void {
  const traits = isObject(e.context) ? (e.context as Raw).traits : undefined;
  if (!isObject(traits)) return;
  const bounds = objectBoundsProblem(traits as Raw, prefix ? `${prefix}.context.traits` : 'context.traits');
  if (bounds) found.push(bounds);
  else out.traits = traits;
}

/** Validates one event known to be a plain object; `type` (from the endpoint) overrides the event's own. */
export function validateTrackingEvent(raw: Raw, prefix: string, type?: IngestType): [TrackingEventDto | undefined, FieldProblem[]] {
  const e = knownFields(raw, type);
  const found: FieldProblem[] = [];
  const out: Raw = {};
  const check = (field: string, problem: string | undefined) => {
    if (problem === undefined) out[field] = e[field];
    else found.push({ path: prefix ? `${prefix}.${field}` : field, message: problem });
  };
  check('type', TYPES.has(e.type) ? undefined : `type must be one of ${EVENT_TYPES.join(', ')}`);
  for (const field of ID_FIELDS) {
    if (e[field] !== undefined || isRequired(field, e)) check(field, idProblem(field, e[field]));
  }
  if (e.event !== undefined || isRequired('event', e)) check('event', stringProblem('event', e.event, 1));
  if (e.name !== undefined) check('name', stringProblem('name', e.name, 0));
  for (const field of OBJECT_FIELDS) {
    if (e[field] === undefined) continue;
    if (!isObject(e[field])) check(field, `${field} must be an object`);
    else if (!BOUNDED_FIELDS.has(field)) check(field, undefined);
    else {
      const bounds = objectBoundsProblem(e[field] as Raw, prefix ? `${prefix}.${field}` : field);
      if (bounds) found.push(bounds);
      else out[field] = e[field];
    }
  }
  if (e.type === 'identify' && e.traits === undefined) contextTraits(e, prefix, out, found);
  for (const field of DATE_FIELDS) {
    if (e[field] !== undefined) check(field, dateProblem(field, e[field]));
  }
  return found.length ? [undefined, found] : [out as unknown as TrackingEventDto & { type: IngestType }, found];
}
