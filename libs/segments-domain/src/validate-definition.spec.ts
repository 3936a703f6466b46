import { ValidationFailed, type FieldProblem } from '@cairn/core';
import { validateSegmentDefinition } from './validate-definition';

const refs = { segmentExists: (key: string) => ['vip', 'dormant'].includes(key) };
const define = (condition: unknown, extra: Record<string, unknown> = {}) => ({ key: 'seg', name: 'A segment', condition, ...extra });

function problemsOf(body: unknown): FieldProblem[] {
  try {
    validateSegmentDefinition(body, refs);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).code).toBe('VALIDATION_FAILED');
    return (error as ValidationFailed).fields;
  }
  throw new Error('expected the definition to be refused');
}

const paths = (body: unknown) => problemsOf(body).map((p) => p.path);

function nested(depth: number): unknown {
  let node: unknown = { trait: 'tier', op: 'exists' };
  for (let i = 1; i < depth; i++) node = { not: node };
  return node;
}

describe('validateSegmentDefinition', () => {
  it('accepts the flagship segment and normalises where shorthands', () => {
    const definition = validateSegmentDefinition(
      {
        key: 'flagship-hot',
        name: '  Viewed the flagship 3-5 times this week and did not order ',
        condition: {
          all: [
            { event: 'Product Viewed', where: { productId: 'P-100' }, count: { min: 3, max: 5 }, within: '7d' },
            { not: { event: 'Order Completed', within: '7d' } },
          ],
        },
      },
      refs,
    );
    expect(definition).toEqual({
      key: 'flagship-hot',
      name: 'Viewed the flagship 3-5 times this week and did not order',
      condition: {
        all: [
          { event: 'Product Viewed', where: { productId: { eq: 'P-100' } }, count: { min: 3, max: 5 }, within: '7d' },
          { not: { event: 'Order Completed', within: '7d' } },
        ],
      },
    });
  });

  it('accepts every kind of node from the API sketch', () => {
    const condition = {
      any: [
        { trait: 'tier', op: 'eq', value: 'gold' },
        { event: 'Order Completed', lastAt: { olderThan: '30d' } },
        { event: 'Signed In', count: { max: 0 }, within: '30d' },
        { segment: 'vip' },
        { event: 'Order Completed', where: { price: { gte: 10000 } } },
      ],
    };
    expect(validateSegmentDefinition(define(condition, { description: 'all kinds' }), refs)).toEqual({
      key: 'seg',
      name: 'A segment',
      description: 'all kinds',
      condition,
    });
  });

  it.each<[string, unknown, string[]]>([
    [
      'bad duration deep in the tree',
      define({ all: [{ trait: 't', op: 'exists' }, { not: { event: 'X', within: '7 days' } }] }),
      ['condition.all[1].not.within'],
    ],
    ['unknown trait operator', define({ any: [{ trait: 'tier', op: 'equals', value: 'x' }] }), ['condition.any[0].op']],
    [
      'missing referenced segment',
      define({ all: [{ trait: 't', op: 'exists' }, { trait: 't', op: 'exists' }, { segment: 'nope' }] }),
      ['condition.all[2].segment'],
    ],
    ['self reference', define({ segment: 'seg' }), ['condition.segment']],
    ['empty all', define({ all: [] }), ['condition.all']],
    ['empty any', define({ not: { any: [] } }), ['condition.not.any']],
    ['count min greater than max', define({ event: 'X', count: { min: 5, max: 3 } }), ['condition.count']],
    ['negative count', define({ event: 'X', count: { min: -1 } }), ['condition.count.min']],
    ['fractional count', define({ event: 'X', count: { max: 1.5 } }), ['condition.count.max']],
    ['empty count', define({ event: 'X', count: {} }), ['condition.count']],
    ['unknown key on a node', define({ event: 'X', within: '7d', widthin: '7d' }), ['condition.widthin']],
    ['count on a recency node', define({ event: 'X', lastAt: { olderThan: '1d' }, count: { min: 1 } }), ['condition.count']],
    ['empty lastAt', define({ event: 'X', lastAt: {} }), ['condition.lastAt']],
    ['lastAt bounds that can never hold', define({ event: 'X', lastAt: { olderThan: '60d', newerThan: '30d' } }), ['condition.lastAt']],
    ['zero window', define({ event: 'X', within: '0d' }), ['condition.within']],
    ['unknown operator in where', define({ event: 'X', where: { price: { gtee: 1 } } }), ['condition.where.price.gtee']],
    ['bad operand in where', define({ event: 'X', where: { price: { gte: [1] } } }), ['condition.where.price.gte']],
    ['in without an array', define({ trait: 'tier', op: 'in', value: 'gold' }), ['condition.value']],
    ['eq without a value', define({ trait: 'tier', op: 'eq' }), ['condition.value']],
    ['exists with a non-boolean value', define({ trait: 'tier', op: 'exists', value: 'yes' }), ['condition.value']],
    ['two kinds in one node', define({ trait: 'tier', op: 'exists', event: 'X' }), ['condition']],
    ['no kind at all', define({ foo: 1 }), ['condition']],
    ['a condition that is not an object', define({ all: ['x'] }), ['condition.all[0]']],
    ['__proto__ key', { key: 'seg', name: 'n', condition: JSON.parse('{"event":"X","where":{"__proto__":{"eq":1}}}') }, ['condition.where.__proto__']],
    ['constructor key on a node', define({ trait: 'tier', op: 'exists', constructor: 1 }), ['condition.constructor']],
    ['reserved trait name', define({ trait: 'constructor', op: 'exists' }), ['condition.trait']],
    ['nesting deeper than 16', define(nested(17)), ['condition' + '.not'.repeat(16)]],
    ['bad key, empty name, missing condition', { key: 'Bad Key', name: ' ' }, ['key', 'name', 'condition']],
    ['unknown top-level key', { ...define({ segment: 'vip' }), owner: 'me' }, ['owner']],
  ])('refuses %s', (_label, body, expected) => {
    expect(paths(body)).toEqual(expected);
  });

  it('accepts nesting exactly 16 deep', () => {
    expect(() => validateSegmentDefinition(define(nested(16)), refs)).not.toThrow();
  });

  it('lists every problem, not just the first', () => {
    const body = define({
      all: [
        { event: 'X', within: 'week' },
        { trait: 'tier', op: 'like', value: 'g' },
        { segment: 'ghost' },
        { any: [{ event: 'Y', count: { min: 2, max: 1 } }] },
      ],
    });
    expect(paths(body)).toEqual(['condition.all[0].within', 'condition.all[1].op', 'condition.all[2].segment', 'condition.all[3].any[0].count']);
  });

  it('refuses a hostile 10 000-deep body without exhausting the stack', () => {
    const problems = problemsOf(define(nested(10_000)));
    expect(problems[0].message).toMatch(/nested too deeply/);
    expect(problems.map((p) => p.path)).toContain('condition' + '.not'.repeat(16));
  });

  it('refuses a body that is not an object', () => {
    expect(paths([1, 2])).toEqual(['']);
  });

  it('does not let a __proto__ key reach the prototype of the result', () => {
    const body = JSON.parse('{"key":"seg","name":"n","condition":{"trait":"tier","op":"eq","value":{"__proto__":{"polluted":true}}}}');
    expect(paths(body)).toEqual(['condition.value.__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
