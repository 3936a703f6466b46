import { applyOperator, compareValues, matchesWhere, valuesEqual } from './operators';

describe('operators', () => {
  it('compares numbers numerically and strings as strings, never across types', () => {
    expect(compareValues(10, 9)).toBeGreaterThan(0);
    expect(compareValues('10', '9')).toBeLessThan(0);
    expect(compareValues(10, '9')).toBeUndefined();
    expect(applyOperator('gt', '10', 9)).toBe(false);
  });

  it('compares ISO dates and zoned instants as points in time', () => {
    expect(valuesEqual('2026-01-31T09:00:00+09:00', '2026-01-31T00:00:00Z')).toBe(true);
    expect(applyOperator('lt', '2026-01-30T23:59:59Z', '2026-01-31')).toBe(true);
    expect(applyOperator('gte', '2026-02-01', '2026-01-31T12:00:00Z')).toBe(true);
  });

  it('treats a missing value as failing every operator except neq and exists:false', () => {
    for (const op of ['eq', 'gt', 'gte', 'lt', 'lte', 'contains'] as const) expect(applyOperator(op, undefined, 1)).toBe(false);
    expect(applyOperator('in', undefined, [1])).toBe(false);
    expect(applyOperator('neq', undefined, 1)).toBe(true);
    expect(applyOperator('exists', undefined, false)).toBe(true);
  });

  it('compares arrays and objects structurally for eq and in', () => {
    expect(applyOperator('eq', { a: [1, 2] }, { a: [1, 2] })).toBe(true);
    expect(applyOperator('eq', { a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(applyOperator('in', 2, [1, 2, 3])).toBe(true);
    expect(applyOperator('contains', [{ id: 1 }], { id: 1 })).toBe(true);
  });

  it('contains is a case-sensitive substring for strings and membership for arrays', () => {
    expect(applyOperator('contains', 'Gold Member', 'Gold')).toBe(true);
    expect(applyOperator('contains', 'Gold Member', 'gold')).toBe(false);
    expect(applyOperator('contains', ['a', 'b'], 'b')).toBe(true);
    expect(applyOperator('contains', 42, 4)).toBe(false);
  });

  it('reads only own properties of event properties', () => {
    expect(matchesWhere({ constructor: { exists: true } }, {})).toBe(false);
    expect(matchesWhere({ toString: { exists: true } }, {})).toBe(false);
    expect(matchesWhere({ price: { gte: 100, lt: 200 } }, { price: 150 })).toBe(true);
    expect(matchesWhere({ price: { gte: 100, lt: 200 } }, { price: 200 })).toBe(false);
  });
});
