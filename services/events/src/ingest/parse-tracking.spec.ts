import { ValidationFailed } from '@cairn/core';
import { findShapeProblem, MAX_DEPTH } from '@cairn/runtime';
import { MAX_BATCH_CONTEXT_BYTES, parseBatch, parseSingle } from './parse-tracking';

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationFailed) return e.fields.map((f) => f.path);
    throw e;
  }
  throw new Error('expected a ValidationFailed');
}

describe('parseSingle', () => {
  it('takes the type from the endpoint, ignores unknown SDK fields and treats null ids as absent', () => {
    const { events } = parseSingle(
      { type: 'page', userId: null, anonymousId: 'a-1', event: 'E', _metadata: { nodeVersion: '24' }, channel: 'server' },
      'track',
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'track', anonymousId: 'a-1', event: 'E' });
    expect(events[0]).not.toHaveProperty('_metadata');
    expect(events[0]).not.toHaveProperty('userId');
  });

  it('requires userId for alias even when anonymousId is there', () => {
    expect(fieldsOf(() => parseSingle({ previousId: 'a', anonymousId: 'a' }, 'alias'))).toEqual(['userId']);
  });

  it('accepts identify with only an anonymousId and no event name', () => {
    expect(parseSingle({ anonymousId: 'a', traits: { tier: 'gold' } }, 'identify').events[0].traits).toEqual({ tier: 'gold' });
  });

  it('rejects an ISO-looking date that is no calendar date-time', () => {
    expect(fieldsOf(() => parseSingle({ userId: 'u', event: 'E', timestamp: '2026-W45' }, 'track'))).toContain('timestamp');
  });
});

describe('parseBatch', () => {
  it('names every bad event by its index', () => {
    const body = {
      batch: [
        { type: 'track', userId: 'u', event: 'E' },
        { type: 'track', userId: 1, event: 'E' },
        { type: 'nope', userId: 'u' },
      ],
    };
    expect(fieldsOf(() => parseBatch(body))).toEqual(expect.arrayContaining(['batch[1].userId', 'batch[2].type']));
  });

  it('merges the batch context under each event context and keeps the batch sentAt', () => {
    const parsed = parseBatch({
      batch: [{ type: 'track', userId: 'u', event: 'E', context: { ip: '1.2.3.4' } }],
      context: { library: { name: 'x' }, ip: '0.0.0.0' },
      sentAt: '2026-11-02T10:00:00Z',
    });
    expect(parsed.events[0].context).toEqual({ library: { name: 'x' }, ip: '1.2.3.4' });
    expect(parsed.sentAt).toBe('2026-11-02T10:00:00Z');
    expect(parsed.at).toEqual(['batch[0]']);
  });

  it('keeps the batch context small, since every event of the batch gets a copy', () => {
    const batch = [{ type: 'track', userId: 'u', event: 'E' }];
    expect(fieldsOf(() => parseBatch({ batch, context: { blob: 'x'.repeat(MAX_BATCH_CONTEXT_BYTES) } }))).toEqual(['context']);
    expect(parseBatch({ batch, context: { blob: 'x'.repeat(MAX_BATCH_CONTEXT_BYTES - 20) } }).events).toHaveLength(1);
  });

  it('refuses a batch sentAt that is not an ISO date-time from 2000 on', () => {
    const batch = [{ type: 'track', userId: 'u', event: 'E' }];
    expect(fieldsOf(() => parseBatch({ batch, sentAt: '1970-01-01T00:00:00Z' }))).toEqual(['sentAt']);
    expect(fieldsOf(() => parseBatch({ batch, sentAt: '1' }))).toEqual(['sentAt']);
  });

  it('names a trait over its bound rather than answering that the event is too large', () => {
    const body = { batch: [{ type: 'identify', userId: 'u', traits: { bio: 'x'.repeat(40 * 1024) } }] };
    expect(fieldsOf(() => parseBatch(body))).toEqual(['batch[0].traits.bio']);
  });
});

describe('findShapeProblem', () => {
  it('allows nesting just under the limit and names the path where it goes too deep', () => {
    const nest = (d: number): unknown => (d === 0 ? 'leaf' : [nest(d - 1)]);
    expect(findShapeProblem({ p: nest(MAX_DEPTH - 2) })).toBeUndefined();
    expect(findShapeProblem({ p: nest(MAX_DEPTH) })).toMatchObject({ code: 'TOO_DEEP', path: expect.stringMatching(/^p(\[0\])+$/) });
  });

  it('finds prototype keys anywhere', () => {
    expect(findShapeProblem(JSON.parse('{"a":[{"b":{"__proto__":1}}]}'))).toMatchObject({ code: 'FORBIDDEN_KEY', path: 'a[0].b.__proto__' });
    expect(findShapeProblem(JSON.parse('{"a":[1,{"b":"x\\u0000y"}]}'))).toMatchObject({ code: 'NUL_CHARACTER', path: 'a[1].b' });
    expect(findShapeProblem({ properties: { 'k\u0000': 1 } })).toMatchObject({ code: 'NUL_CHARACTER', path: 'properties.k\u0000' });
  });
});
