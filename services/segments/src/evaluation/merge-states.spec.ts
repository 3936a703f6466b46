import { applyEvent, emptyUserState, evaluate } from '@cairn/segments-domain';
import { mergeStates } from './merge-states';

const at = (s: number) => s * 1000;

describe('mergeStates', () => {
  it('puts the anonymous history in timestamp order, adds up totals and keeps the user\u2019s own traits', () => {
    let anon = applyEvent(emptyUserState(), { name: 'Product Viewed', at: at(1), properties: { productId: 'P-100' } });
    anon = applyEvent(anon, { name: 'Product Viewed', at: at(5), properties: { productId: 'P-100' } });
    anon = { ...anon, traits: { tier: 'anon-guess', source: 'ad' } };
    let user = applyEvent(emptyUserState(), { name: 'Product Viewed', at: at(3), properties: { productId: 'P-100' } });
    user = { ...user, traits: { tier: 'gold' } };
    const merged = mergeStates(user, anon);
    expect(merged.events.map((e) => e.at)).toEqual([at(1), at(3), at(5)]);
    expect(merged.totals['Product Viewed']).toEqual({ count: 3, firstAt: at(1), lastAt: at(5) });
    expect(merged.traits).toEqual({ tier: 'gold', source: 'ad' });
    const flagship = { event: 'Product Viewed', where: { productId: { eq: 'P-100' } }, count: { min: 3, max: 5 }, within: '7d' };
    expect(evaluate(flagship, merged, at(6), { isMember: () => false }).value).toBe(true);
  });

  it('keeps totals of occurrences the anonymous state had already pruned', () => {
    const anon = { ...emptyUserState(), totals: { 'Order Completed': { count: 2, firstAt: at(1), lastAt: at(2) } } };
    const merged = mergeStates(emptyUserState(), anon);
    expect(merged.totals['Order Completed'].count).toBe(2);
    expect(merged.events).toEqual([]);
  });
});
