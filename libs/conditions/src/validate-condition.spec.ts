import type { FieldProblem } from '@cairn/core';
import { validateCondition, type ConditionScope } from './validate-condition';
import { validateWhere, type WhereOptions } from './validate-leaf';

const refs = { segmentExists: (key: string) => key === 'vip' };

function check(input: unknown, options: Partial<ConditionScope> = {}): { condition: unknown; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const condition = validateCondition(input, 'if', 1, { problems, refs, selfKey: undefined, ...options });
  return { condition, problems };
}

function whereProblems(input: unknown, options?: WhereOptions): FieldProblem[] {
  const problems: FieldProblem[] = [];
  validateWhere(input, 'where', problems, options);
  return problems;
}

describe('validateCondition', () => {
  it('names list items with brackets by default, or with dots for an API that writes them so', () => {
    const input = { any: [{ segment: 'vip' }, { not: { segment: 'ghost' } }] };
    expect(check(input).problems).toEqual([{ path: 'if.any[1].not.segment', message: 'unknown segment "ghost"' }]);
    expect(check(input, { indexStyle: 'dots' }).problems).toEqual([{ path: 'if.any.1.not.segment', message: 'unknown segment "ghost"' }]);
  });

  it('lists the kinds of condition it knows', () => {
    expect(check({ colour: 'red' }).problems).toEqual([{ path: 'if', message: 'unknown condition; expected one of all, any, not, segment, trait or event' }]);
  });

  it('refuses event and recency leaves at their path for a caller that keeps no history', () => {
    const input = { any: [{ segment: 'vip' }, { event: 'Product Viewed', within: '7d' }, { not: { event: 'Order Completed', lastAt: { olderThan: '30d' } } }] };
    expect(check(input, { refuseHistory: 'no history here' }).problems).toEqual([
      { path: 'if.any[1]', message: 'no history here' },
      { path: 'if.any[2].not', message: 'no history here' },
    ]);
    expect(check(input).problems).toEqual([]);
  });

  it('refuses "within": "ever" (ever is a window left out)', () => {
    expect(check({ event: 'Order Completed', within: 'ever' }).problems.map((p) => p.path)).toEqual(['if.within']);
    expect(check({ event: 'Order Completed' }).condition).toEqual({ event: 'Order Completed' });
  });
});

describe('validateWhere: one operand rule set', () => {
  it.each<[string, unknown, string[]]>([
    ['a shorthand value of any JSON type', { a: 'x', b: 1, c: true, d: null, e: [1, 2] }, []],
    ['eq and neq with any value, structural', { a: { eq: { id: 1 } }, b: { neq: [1] } }, []],
    ['an empty where', {}, ['where']],
    ['an empty property name', { '': 'x' }, ['where.']],
    ['an empty operator object', { a: {} }, ['where.a']],
    ['an unknown operator', { a: { between: [1, 2] } }, ['where.a.between']],
    ['an ordering of a boolean, null or an array', { a: { gt: true }, b: { lt: null }, c: { gte: [1] } }, ['where.a.gt', 'where.b.lt', 'where.c.gte']],
    ['in with an empty list or a non-list', { a: { in: [] }, b: { in: 'x' } }, ['where.a.in', 'where.b.in']],
    ['contains with null or an object', { a: { contains: null }, b: { contains: {} } }, ['where.a.contains', 'where.b.contains']],
    ['exists with a non-boolean', { a: { exists: 'yes' } }, ['where.a.exists']],
  ])('%s', (_label, input, paths) => {
    expect(whereProblems(input).map((p) => p.path)).toEqual(paths);
  });

  it('reads {{ … }} as plain text, unless the caller checks references', () => {
    const where = { cartId: '{{ entry.properties.cartId }}', total: { gte: '{{ entry.properties.total }}' }, tags: { in: ['{{ x }}'] } };
    expect(whereProblems(where)).toEqual([]);
    const refuse = () => 'references are not allowed here';
    expect(whereProblems(where, { reference: refuse })).toEqual([
      { path: 'where.cartId', message: 'references are not allowed here' },
      { path: 'where.total.gte', message: 'references are not allowed here' },
    ]);
    expect(whereProblems(where, { reference: () => undefined })).toEqual([]);
  });
});
