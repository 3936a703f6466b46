import { Conflict, ValidationFailed } from './errors';
import { ConcurrentChange, isConcurrencyFailure, isResourceExhausted, isTransient } from './transient';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('transient failures', () => {
  it.each([
    ['a deadlock', withCode('40P01')],
    ['a serialization failure wrapped by TypeORM', Object.assign(new Error('q'), { driverError: { code: '40001' } })],
    ['the server shutting down', withCode('57P01')],
    ['the server starting', withCode('57P03')],
    ['a connection failure', withCode('08006')],
    ['too many connections', withCode('53300')],
    ['a lock not available', withCode('55P03')],
    ['a refused socket', withCode('ECONNREFUSED')],
    ['a reset socket', withCode('ECONNRESET')],
    ['a dead node-postgres connection', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect', new Error('timeout exceeded when trying to connect')],
    ['a concurrent change', new ConcurrentChange('RUN_CHANGED', 'runs changed')],
    ['a transient cause', new Error('outer', { cause: withCode('ECONNRESET') })],
  ])('counts %s as transient', (_what, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['invalid text for a type', withCode('22P02')],
    ['a value too long', withCode('22001')],
    ['a plain conflict', new Conflict('EXISTS', 'exists')],
    ['invalid input', new ValidationFailed([{ path: 'x', message: 'bad' }])],
    ['a plain error', new Error('boom')],
    ['a full disk', withCode('53100')],
    ['the server out of memory', withCode('53200')],
    ['not an error', 'ECONNRESET'],
    ['nothing', undefined],
  ])('does not count %s as transient', (_what, error) => {
    expect(isTransient(error)).toBe(false);
  });

  it.each([
    ['a full disk', withCode('53100')],
    ['the server out of memory', withCode('53200')],
    ['a statement too complex', withCode('54001')],
    ['a full local disk', withCode('ENOSPC')],
    ['a full disk under a wrapper', new Error('outer', { cause: Object.assign(new Error('q'), { driverError: { code: '53100' } }) })],
  ])('counts %s as a resource exhausted', (_what, error) => {
    expect(isResourceExhausted(error)).toBe(true);
  });

  it.each([
    ['a deadlock', withCode('40P01')],
    ['too many connections', withCode('53300')],
    ['a plain error', new Error('boom')],
  ])('does not count %s as a resource exhausted', (_what, error) => {
    expect(isResourceExhausted(error)).toBe(false);
  });

  it('tells concurrency failures apart from the database being away', () => {
    expect(isConcurrencyFailure(withCode('40P01'))).toBe(true);
    expect(isConcurrencyFailure(Object.assign(new Error('q'), { driverError: { code: '40001' } }))).toBe(true);
    expect(isConcurrencyFailure(withCode('57P01'))).toBe(false);
  });
});
