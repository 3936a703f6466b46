import type { Operator } from './condition.types';
import { applyOperator, compareValues, lookupPath, matchesWhere, valuesEqual } from './operators';

const MISSING = undefined;

/**
 * Every operator's semantics, once: [operator, actual, operand, holds].
 * The same table decides segments' conditions and journeys' filters and branches.
 */
const SEMANTICS: Array<[Operator, unknown, unknown, boolean]> = [
  // a missing value: only neq and exists:false hold
  ['eq', MISSING, 1, false],
  ['eq', MISSING, null, false],
  ['neq', MISSING, 1, true],
  ['gt', MISSING, 1, false],
  ['gte', MISSING, 1, false],
  ['lt', MISSING, 1, false],
  ['lte', MISSING, 1, false],
  ['in', MISSING, [1], false],
  ['contains', MISSING, 'a', false],
  ['exists', MISSING, undefined, false],
  ['exists', MISSING, true, false],
  ['exists', MISSING, false, true],
  // null: equal to null only, never ordered, does not exist
  ['eq', null, null, true],
  ['eq', null, 0, false],
  ['neq', null, null, false],
  ['neq', null, 0, true],
  ['gte', null, 0, false],
  ['lte', null, 0, false],
  ['in', null, [null], true],
  ['in', null, [0, ''], false],
  ['contains', null, 'a', false],
  ['exists', null, undefined, false],
  ['exists', null, false, true],
  // numbers: numerically
  ['eq', 30, 30, true],
  ['eq', 30, 30.0, true],
  ['neq', 30, 31, true],
  ['gt', 10, 9, true],
  ['gt', 10, 10, false],
  ['gte', 10, 10, true],
  ['lt', -1, 0, true],
  ['lte', 0.5, 0.5, true],
  ['in', 2, [1, 2, 3], true],
  ['contains', 42, 4, false],
  ['exists', 0, undefined, true],
  // strings: by code unit, case-sensitive
  ['eq', 'Gold', 'Gold', true],
  ['eq', 'Gold', 'gold', false],
  ['gt', '10', '9', false],
  ['lt', 'B', 'a', true],
  ['gte', 'b', 'a', true],
  ['in', 'Seoul', ['Busan', 'Seoul'], true],
  ['contains', 'Gold Member', 'Gold', true],
  ['contains', 'Gold Member', 'gold', false],
  ['exists', '', undefined, true],
  // ISO dates and zoned instants: as points in time
  ['eq', '2026-01-31T09:00:00+09:00', '2026-01-31T00:00:00Z', true],
  ['eq', '2026-01-31', '2026-01-31T00:00:00Z', true],
  ['lt', '2026-01-30T23:59:59Z', '2026-01-31', true],
  ['gte', '2026-02-01', '2026-01-31T12:00:00Z', true],
  ['gt', '2026-01-31T10:00:00+09:00', '2026-01-31T02:00:00Z', false],
  ['in', '2026-01-31T09:00:00+09:00', ['2026-01-31T00:00:00Z'], true],
  ['lt', '2026-01-31T10:00', '2026-01-31T09:00:00Z', false], // no zone: a plain string, compared as text
  // arrays: structural equality, membership for contains, never ordered
  ['eq', [1, 2], [1, 2], true],
  ['eq', [1, 2], [2, 1], false],
  ['neq', [1, 2], [2, 1], true],
  ['gt', [2], [1], false],
  ['in', [1], [[1], [2]], true],
  ['contains', ['a', 'b'], 'b', true],
  ['contains', [{ id: 1 }], { id: 1 }, true],
  ['contains', ['a'], 'A', false],
  // objects: structural equality, never ordered
  ['eq', { a: [1, 2] }, { a: [1, 2] }, true],
  ['eq', { a: 1, b: 2 }, { b: 2, a: 1 }, true],
  ['eq', { a: 1 }, { a: 1, b: undefined }, false],
  ['lt', { a: 1 }, { a: 2 }, false],
  ['contains', { a: 'x' }, 'x', false],
  ['exists', {}, undefined, true],
  // mixed types: never equal, never ordered, no coercion
  ['eq', 30, '30', false],
  ['neq', 30, '30', true],
  ['gt', '10', 9, false],
  ['lte', 1, true, false],
  ['eq', true, 1, false],
  ['eq', false, 0, false],
  ['in', '1', [1], false],
  ['contains', '123', 2, false],
  ['eq', [1], 1, false],
];

describe('operators: one semantics', () => {
  it.each(SEMANTICS)('%s of %j and %j holds: %s', (op, actual, operand, holds) => {
    expect(applyOperator(op, actual, operand)).toBe(holds);
  });

  it('makes neq the exact complement of eq on every row', () => {
    for (const [, actual, operand] of SEMANTICS) {
      expect(applyOperator('neq', actual, operand)).toBe(!applyOperator('eq', actual, operand));
    }
  });

  it('orders nothing but two numbers or two strings', () => {
    expect(compareValues(10, 9)).toBeGreaterThan(0);
    expect(compareValues('10', '9')).toBeLessThan(0);
    expect(compareValues(10, '9')).toBeUndefined();
    expect(compareValues(Number.NaN, 1)).toBeUndefined();
    expect(valuesEqual(Number.NaN, Number.NaN)).toBe(false);
  });
});

describe('lookupPath: own property, else a dotted path through own properties', () => {
  const source = { price: 12000, 'item.sku': 'S-1', cart: { id: 'c1' }, products: [{ sku: 'P-1' }], item: { sku: 'shadowed' } };

  it.each([
    ['price', 12000],
    ['cart.id', 'c1'],
    ['products.0.sku', 'P-1'],
    ['item.sku', 'S-1'],
    ['cart.missing', undefined],
    ['price.value', undefined],
    ['constructor', undefined],
    ['toString', undefined],
    ['cart.constructor', undefined],
    ['__proto__', undefined],
  ])('%s → %j', (path, expected) => {
    expect(lookupPath(source, path)).toEqual(expected);
  });
});

describe('matchesWhere', () => {
  it('reads only own properties of event properties', () => {
    expect(matchesWhere({ constructor: { exists: true } }, {})).toBe(false);
    expect(matchesWhere({ toString: { exists: true } }, {})).toBe(false);
    expect(matchesWhere({ price: { gte: 100, lt: 200 } }, { price: 150 })).toBe(true);
    expect(matchesWhere({ price: { gte: 100, lt: 200 } }, { price: 200 })).toBe(false);
  });

  it('takes a where as written: a value that is not a plain object means eq', () => {
    expect(matchesWhere({ productId: 'P-100' }, { productId: 'P-100' })).toBe(true);
    expect(matchesWhere({ productId: 'P-100' }, { productId: 'P-101' })).toBe(false);
    expect(matchesWhere({ empty: null }, { empty: null })).toBe(true);
    expect(matchesWhere({ empty: null }, {})).toBe(false);
    expect(matchesWhere({ tags: ['a', 'b'] }, { tags: ['a', 'b'] })).toBe(true);
    expect(matchesWhere({ 'cart.id': 'c1', price: { gte: 100 } }, { cart: { id: 'c1' }, price: 100 })).toBe(true);
  });

  it('matches anything without a where, and nothing with an unknown operator', () => {
    expect(matchesWhere(undefined, undefined)).toBe(true);
    expect(matchesWhere({ x: { between: [1, 2] } }, { x: 1 })).toBe(false);
  });
});
