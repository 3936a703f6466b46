import { ValidationFailed } from '@cairn/core';
import { clientInstant, hostileJson, hostileScalar, instant } from '@cairn/testing';
import fc from 'fast-check';
import {
  applyEvents,
  applyTraits,
  emptyUserState,
  evaluate,
  explain,
  prune,
  retentionFor,
  SegmentDefinition,
  validateSegmentDefinition,
} from '@cairn/segments-domain';

/**
 * Properties of the segment rules under hostile input: validation answers
 * every body with a definition or a ValidationFailed naming fields, and a
 * definition it accepts never makes evaluation, explain or pruning throw,
 * whatever events (any timestamp, any properties) and traits users send.
 * Next-change instants are after now and within what a Date can hold.
 */
const mostly = <T>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<unknown> = hostileScalar): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: hostile });
const EVENTS = ['Product Viewed', 'Order Completed', 'Signed In'];
const duration = mostly(fc.constantFrom('1h', '7d', '30d', '730d'));
const where = mostly(
  fc.constantFrom({ productId: 'P-100' }, { price: { gte: 10000 } }, { productId: { in: ['P-1', 'P-2'] } }, { tags: { contains: 'x' } }),
  hostileJson,
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      event: mostly(fc.constantFrom(...EVENTS)),
      where,
      count: mostly(fc.record({ min: fc.integer({ min: 0, max: 5 }), max: fc.integer({ min: 0, max: 10 }) }, { requiredKeys: [] }), hostileJson),
      within: duration,
    },
    { requiredKeys: ['event'] },
  ),
  fc.record(
    {
      event: mostly(fc.constantFrom(...EVENTS)),
      where,
      lastAt: mostly(fc.record({ olderThan: duration, newerThan: duration }, { requiredKeys: [] }), hostileJson),
    },
    { requiredKeys: ['event', 'lastAt'] },
  ),
  fc.record(
    {
      trait: mostly(fc.constantFrom('tier', 'age', 'timezone')),
      op: mostly(fc.constantFrom('eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'exists')),
      value: fc.oneof(hostileScalar, fc.array(hostileScalar, { maxLength: 3 })),
    },
    { requiredKeys: ['trait', 'op'] },
  ),
  fc.constant({ segment: 'vip' }),
  hostileJson,
);

const condition: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('all'), tie('any'), tie('not')),
  all: fc.record({ all: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
  any: fc.record({ any: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
  not: fc.record({ not: tie('node') }),
})).node;

const body = fc.record({ key: mostly(fc.constant('s')), name: mostly(fc.constant('S')), condition }, { requiredKeys: ['key', 'name', 'condition'] });
const refs = { segmentExists: (k: string) => k === 'vip' };

function validateOrProblems(value: unknown): SegmentDefinition | undefined {
  try {
    return validateSegmentDefinition(value, refs);
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    expect(error.fields.length).toBeGreaterThan(0);
    return undefined;
  }
}

const occurrence = fc.record({
  name: fc.constantFrom(...EVENTS, 'Other'),
  at: clientInstant,
  properties: fc.dictionary(fc.constantFrom('productId', 'price', 'tags', '__proto__'), hostileJson, { maxKeys: 3 }),
});

describe('segment rules under hostile input', () => {
  it('answers any JSON body with a definition or field problems, never another error', () => {
    fc.assert(
      fc.property(hostileJson, (value) => void validateOrProblems(value)),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(body, (value) => void validateOrProblems(value)),
      { numRuns: 2_000 },
    );
  });

  it('never makes evaluation, explain or pruning throw for a definition it accepted, and next changes stay after now', () => {
    fc.assert(
      fc.property(
        body,
        fc.array(occurrence, { maxLength: 12 }),
        fc.dictionary(fc.constantFrom('tier', 'age', 'timezone'), hostileJson, { maxKeys: 3 }),
        instant,
        fc.boolean(),
        (value, events, traits, now, member) => {
          const def = validateOrProblems(value);
          if (!def) return;
          const state = prune(applyEvents(applyTraits(emptyUserState(), traits), events), retentionFor([def.condition]), now);
          const ctx = { isMember: () => member };
          const result = evaluate(def.condition, state, now, ctx);
          expect(typeof result.value).toBe('boolean');
          if (result.nextChangeAt !== null) {
            expect(result.nextChangeAt).toBeGreaterThan(now);
            expect(new Date(result.nextChangeAt).toISOString()).toMatch(/^[+-]?\d{4,6}-/);
          }
          explain(def.condition, state, now, ctx);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
