import { ConcurrentChange, ValidationFailed } from '@cairn/core';
import { NotFoundException } from '@nestjs/common';
import { toErrorResponse } from './errors.filter';

describe('error responses', () => {
  it('answers validation problems with 400, the code and the fields', () => {
    expect(toErrorResponse(new ValidationFailed([{ path: 'steps.wait.next', message: 'unknown step' }]))).toEqual([
      400,
      { code: 'VALIDATION_FAILED', message: 'steps.wait.next: unknown step', fields: [{ path: 'steps.wait.next', message: 'unknown step' }] },
      undefined,
    ]);
  });

  it('answers a deadlock or serialization failure with 503 and Retry-After, not 500', () => {
    const deadlock = Object.assign(new Error('deadlock detected'), { driverError: { code: '40P01' } });
    expect(toErrorResponse(deadlock)).toEqual([503, expect.objectContaining({ code: 'RETRY' }), { 'Retry-After': '1' }]);
    expect(toErrorResponse(Object.assign(new Error('x'), { code: '40001' }))[0]).toBe(503);
  });

  it('answers a database that is down or restarting with 503 UNAVAILABLE, and a concurrent change with 409', () => {
    expect(toErrorResponse(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toEqual([
      503,
      expect.objectContaining({ code: 'UNAVAILABLE' }),
      { 'Retry-After': '5' },
    ]);
    expect(toErrorResponse(new Error('Connection terminated unexpectedly'))[1].code).toBe('UNAVAILABLE');
    expect(toErrorResponse(new ConcurrentChange('RUN_CHANGED', 'runs changed'))).toEqual([409, { code: 'RUN_CHANGED', message: 'runs changed' }, undefined]);
  });

  it('maps body-parser and HTTP errors to stable codes and hides everything else', () => {
    expect(toErrorResponse({ type: 'entity.parse.failed', status: 400 })).toEqual([400, { code: 'INVALID_JSON', message: 'the body is not valid JSON' }]);
    expect(toErrorResponse(new NotFoundException('Cannot GET /x'))[1]).toEqual({ code: 'NOT_FOUND', message: 'Cannot GET /x' });
    expect(toErrorResponse(new Error('secret stack'))).toEqual([500, { code: 'INTERNAL_ERROR', message: 'internal error' }]);
  });
});
