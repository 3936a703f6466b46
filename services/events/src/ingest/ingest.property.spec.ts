import { catalogEventKey, decodeMessage, eventKey, TOPICS } from '@cairn/contracts';
import { DomainError } from '@cairn/core';
import fc from 'fast-check';
import { parseCatalogEvent } from '../catalog/parse-catalog';
import { toCatalogEvent } from '../catalog/ingest-catalog-events/ingest-catalog-events.usecase';
import { EARLIEST_DATE_MS, MAX_FUTURE_MS } from './event-time';
import { toBehaviourEvent } from './ingest-events/ingest-events.usecase';
import { parseBatch, parseSingle } from './parse-tracking';
import { EVENT_TYPES, IngestType } from './tracking-event.dto';

/**
 * Property-based tests of ingest as the API sees it: a JSON body (as JSON.parse
 * hands it over) goes through the parser, then the event builder. Whatever
 * the body, the outcome is either a 4xx DomainError naming at least one field,
 * or events whose published form satisfies the topic contract consumers check
 * (so nothing accepted is dead-lettered for its shape), with a timestamp from
 * 2000 to 5 minutes after receipt.
 */

const RUNS = { numRuns: 400 };

/** Characters that broke something somewhere once: controls, separators, surrogates, key and template syntax. */
const hostileChar = fc.constantFrom(
  '\u0000',
  '\n',
  '\r',
  '\t',
  '\u007f',
  '\u2028',
  '\u2029',
  '\ud800',
  '\udc00',
  '\u202e',
  '\ufeff',
  '😀',
  '한',
  ':',
  '"',
  '\\',
  '%00',
  '{{',
  '}}',
  '__proto__',
);
const hostileString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.array(fc.oneof(hostileChar, fc.string({ maxLength: 3 })), { maxLength: 8 }).map((parts) => parts.join('')),
  fc.integer({ min: 250, max: 262 }).map((n) => 'u'.repeat(n)),
  fc.constantFrom('', ' ', 'x'.repeat(8 * 1024 + 1), '한'.repeat(3000)),
);
const dateLike = fc.oneof(
  fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ min: new Date('1999-12-31T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom(
    '2026-02-30T00:00:00Z',
    '2026-11-02T24:00:00Z',
    '2026-11-02T10:00:00+14:00',
    '1970-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '2026-11-02',
    'soon',
    '',
    '1',
  ),
  fc.integer(),
);
const anyJson = fc.jsonValue({ maxDepth: 3 });
const hostileKey = fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'prototype', 'timezone', 'k'.repeat(300)));
/** An object as JSON.parse builds it: `__proto__` becomes an own key, as it does on the server. */
const jsonObject = (values: fc.Arbitrary<unknown>, maxKeys = 6) =>
  fc
    .array(fc.tuple(hostileKey, values), { maxLength: maxKeys })
    .map((pairs) => JSON.parse(`{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`) as Record<string, unknown>);
const bagOfValues = fc.oneof(
  jsonObject(fc.oneof(anyJson, hostileString)),
  anyJson,
  fc.constant(Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`t${i}`, i]))),
);
const idLike = fc.oneof(hostileString, anyJson, fc.constant(null));

const FIELDS = [
  'type',
  'userId',
  'anonymousId',
  'messageId',
  'previousId',
  'groupId',
  'event',
  'name',
  'properties',
  'traits',
  'context',
  'timestamp',
  'originalTimestamp',
  'sentAt',
] as const;
const anyFieldValue = fc.oneof(idLike, dateLike, bagOfValues, fc.constantFrom(...EVENT_TYPES));
/** A plausible event with one to three fields replaced by hostile values (so most other fields pass and the hostile one is what is judged). */
const eventLike = fc
  .record({
    type: fc.constantFrom(...EVENT_TYPES),
    userId: fc.string({ minLength: 1, maxLength: 20 }),
    previousId: fc.string({ minLength: 1, maxLength: 20 }),
    groupId: fc.string({ minLength: 1, maxLength: 20 }),
    event: fc.string({ minLength: 1, maxLength: 20 }),
    properties: fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 4 }),
    timestamp: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
    overrides: fc.array(fc.tuple(fc.constantFrom(...FIELDS), anyFieldValue), { minLength: 1, maxLength: 3 }),
  })
  .map(({ overrides, ...event }) => Object.assign(event as Record<string, unknown>, Object.fromEntries(overrides)));

/** Through JSON, as the server receives it (undefined dropped, lone surrogates kept as escapes). */
const viaJson = <T>(value: T): unknown => JSON.parse(JSON.stringify(value) ?? 'null');
const receivedAt = fc.date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true });

/** Runs the parser: its result, or the 4xx DomainError it threw (anything else fails the property). */
function outcome<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof DomainError)) throw new Error(`not a DomainError: ${(error as Error)?.stack ?? String(error)}`);
    expect(error.status).toBeGreaterThanOrEqual(400);
    expect(error.status).toBeLessThan(500);
    expect(error.fields.length).toBeGreaterThan(0);
    for (const field of error.fields) expect(field.path).toEqual(expect.any(String));
    return undefined;
  }
}

function expectPublishable(topic: string, key: string, value: string, received: Date): void {
  const decoded = decodeMessage<{ timestamp: string }>(topic, key, Buffer.from(value, 'utf8'));
  if (!decoded.ok) throw new Error(`accepted but breaks the ${topic} contract: ${JSON.stringify(decoded.problems)} in ${key} ${value.slice(0, 300)}`);
  const at = Date.parse(decoded.value.timestamp);
  expect(at).toBeGreaterThanOrEqual(EARLIEST_DATE_MS);
  expect(at).toBeLessThanOrEqual(received.getTime() + MAX_FUTURE_MS);
}

describe('ingest under generated hostile input (property-based)', () => {
  it('a single call is refused with a named field, or publishes a contract-valid event', () => {
    fc.assert(
      fc.property(eventLike, fc.constantFrom<IngestType>(...EVENT_TYPES), receivedAt, (raw, type, received) => {
        const parsed = outcome(() => parseSingle(viaJson(raw), type));
        for (const dto of parsed?.events ?? []) {
          const built = toBehaviourEvent('shop', dto, received);
          if ('refused' in built) continue;
          expectPublishable(TOPICS.events, eventKey(built.event), JSON.stringify(built.event), received);
        }
      }),
      RUNS,
    );
  });

  it('a batch is refused with named fields, or every event of it publishes contract-valid', () => {
    const batchLike = fc.record(
      { batch: fc.oneof(fc.array(eventLike, { maxLength: 4 }), anyJson), sentAt: dateLike, context: bagOfValues },
      { requiredKeys: ['batch'] },
    );
    fc.assert(
      fc.property(batchLike, receivedAt, (raw, received) => {
        const parsed = outcome(() => parseBatch(viaJson(raw)));
        for (const dto of parsed?.events ?? []) {
          const built = toBehaviourEvent('shop', dto, received, parsed!.sentAt);
          if ('refused' in built) continue;
          expectPublishable(TOPICS.events, eventKey(built.event), JSON.stringify(built.event), received);
        }
      }),
      RUNS,
    );
  });

  it('a catalog event is refused with a named field, or publishes contract-valid', () => {
    const catalogFields = ['event', 'itemId', 'messageId', 'properties', 'timestamp', 'sentAt'] as const;
    const catalogLike = fc
      .record({
        event: fc.string({ minLength: 1, maxLength: 20 }),
        itemId: fc.string({ minLength: 1, maxLength: 20 }),
        overrides: fc.array(fc.tuple(fc.constantFrom(...catalogFields), anyFieldValue), { minLength: 1, maxLength: 2 }),
      })
      .map(({ overrides, ...event }) => Object.assign(event as Record<string, unknown>, Object.fromEntries(overrides)));
    fc.assert(
      fc.property(catalogLike, receivedAt, (raw, received) => {
        const dto = outcome(() => parseCatalogEvent(viaJson(raw)));
        if (!dto) return;
        const built = toCatalogEvent('shop', dto, received);
        if ('refused' in built) return;
        expectPublishable(TOPICS.catalogEvents, catalogEventKey(built.event), JSON.stringify(built.event), received);
      }),
      RUNS,
    );
  });

  it('any JSON body at all, on every endpoint, is parsed or refused with a named field', () => {
    fc.assert(
      fc.property(anyJson, fc.constantFrom<IngestType>(...EVENT_TYPES), (body, type) => {
        outcome(() => parseSingle(body, type));
        outcome(() => parseBatch(body));
        outcome(() => parseCatalogEvent(body));
      }),
      RUNS,
    );
  });
});
