import { ValidationFailed } from '@cairn/core';
import { generatedCode, validateCouponPool } from './coupon-pool';

describe('validateCouponPool', () => {
  it('fills in the defaults of a generated pool', () => {
    expect(validateCouponPool('wb', { mode: 'generated' })).toEqual({ pool: { key: 'wb', mode: 'generated', prefix: '', length: 10 }, codes: [] });
  });

  it('keeps the codes of a list pool', () => {
    expect(validateCouponPool('secret', { mode: 'list', codes: ['A-1', 'A-2'] }).codes).toEqual(['A-1', 'A-2']);
  });

  it('names every field at fault', () => {
    const error = (() => {
      try {
        validateCouponPool('bad key', { mode: 'generated', length: 4, codes: ['X'], colour: 'red' });
      } catch (e) {
        return e as ValidationFailed;
      }
    })();
    expect(error?.fields.map((f) => f.path)).toEqual(['key', 'length', 'codes', 'colour']);
  });
});

describe('generatedCode', () => {
  const pool = { key: 'wb', mode: 'generated' as const, prefix: 'WB-', length: 8 };

  it('derives the same code for the same run and attempt, another for another run', () => {
    const code = generatedCode(pool, 'shop', 'run-1', 0);
    expect(code).toMatch(/^WB-[A-Z2-9]{8}$/);
    expect(generatedCode(pool, 'shop', 'run-1', 0)).toBe(code);
    expect(generatedCode(pool, 'shop', 'run-2', 0)).not.toBe(code);
    expect(generatedCode(pool, 'shop', 'run-1', 1)).not.toBe(code);
  });
});
