import fc from 'fast-check';

/**
 * Values a hostile or careless client sends where a definition expects
 * something else: absurd durations and times, huge and negative numbers,
 * NaN-like strings, prototype keys, deep nesting, wrong types. Property tests
 * mix them into otherwise plausible definitions and events.
 */
export const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '0s',
    '1s',
    '30s',
    '1m',
    '59s',
    '1h',
    '7d',
    '730d',
    '731d',
    '999999999w',
    '-1d',
    '1.5h',
    '1 hour',
    'ever',
    'NaN',
    '10:00',
    '00:00',
    '23:59',
    '24:00',
    '9:00',
    '10:60',
    'Not/AZone',
    'Asia/Seoul',
    '__proto__',
    'constructor',
    '{{ entry.properties.x }}',
    '{{ user.name }}',
    '{{',
    'P-100',
    '\u0000',
    '\uD800',
    'x'.repeat(300),
  ),
  fc.constantFrom(0, -1, 1, 2, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 0.5, 1000, 1001),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 12 }),
  fc.integer(),
);

/** Any JSON value, hostile scalars mixed in, nested a few levels. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, hostileScalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(
    fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('next', 'type', 'event', 'within', 'count', 'min', 'max', 'where')),
    tie('value'),
    {
      maxKeys: 5,
    },
  ),
})).value;

/** A service clock's instants: 2000 to 2100 (the clock is the machine's, never a client's). */
export const instant: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
  fc.constant(Date.UTC(2026, 2, 2, 1, 0)),
);

/** Instants a client may stamp an event with: any, up to the edges of what a Date can hold. */
export const clientInstant: fc.Arbitrary<number> = fc.oneof(instant, fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.constantFrom(0, -1, 8.64e15));
