import { emptyUserState, applyEvent, type Condition } from '@cairn/conditions';
import { createsCycle, evaluateUser, SegmentIndex, type IndexedSegment } from './segment-index';

const seg = (id: string, condition: Condition): IndexedSegment => ({ id, key: id, condition });
const viewed: Condition = { event: 'Product Viewed', count: { min: 1 } };
const gold: Condition = { trait: 'tier', op: 'eq', value: 'gold' };
const segments = [
  // Declared before what it references: the index still evaluates dependencies first.
  seg('gold-viewers', { all: [{ segment: 'viewers' }, { segment: 'gold' }] }),
  seg('viewers', viewed),
  seg('gold', gold),
  seg('buyers', { event: 'Order Completed', count: { min: 1 } }),
  seg('not-gold-viewers', { not: { segment: 'gold-viewers' } }),
];
const index = new SegmentIndex('1', segments);
const keys = (list: IndexedSegment[]) => list.map((s) => s.key);

describe('SegmentIndex', () => {
  it('orders referenced segments before the segments that reference them', () => {
    const order = keys(index.ordered);
    expect(order.indexOf('viewers')).toBeLessThan(order.indexOf('gold-viewers'));
    expect(order.indexOf('gold')).toBeLessThan(order.indexOf('gold-viewers'));
    expect(order.indexOf('gold-viewers')).toBeLessThan(order.indexOf('not-gold-viewers'));
  });

  it('maps an event or a trait to the segments referencing it and their dependents, transitively', () => {
    expect(keys(index.affectedBy(['Product Viewed'], []))).toEqual(['viewers', 'gold-viewers', 'not-gold-viewers']);
    expect(keys(index.affectedBy([], ['tier']))).toEqual(['gold', 'gold-viewers', 'not-gold-viewers']);
    expect(keys(index.affectedBy(['Order Completed'], []))).toEqual(['buyers']);
    expect(index.affectedBy(['Page Scrolled'], ['nickname'])).toEqual([]);
    expect(keys(index.withDependents('viewers'))).toEqual(['viewers', 'gold-viewers', 'not-gold-viewers']);
  });

  it('maps a dotted trait name to updates of the trait it starts with, as well as of the whole name', () => {
    const city = new SegmentIndex('3', [seg('seoul', { trait: 'address.city', op: 'eq', value: 'Seoul' })]);
    expect(keys(city.affectedBy([], ['address']))).toEqual(['seoul']);
    expect(keys(city.affectedBy([], ['address.city']))).toEqual(['seoul']);
    expect(city.affectedBy([], ['city'])).toEqual([]);
  });

  it('keeps, per referenced event, the longest retention any condition needs', () => {
    const withWindow = new SegmentIndex('2', [seg('a', { event: 'X', within: '7d' }), seg('b', { event: 'X', within: '30d' })]);
    expect(withWindow.retention).toEqual({ X: 30 * 86_400_000 });
  });
});

describe('createsCycle', () => {
  it('detects a reference cycle through other segments, and only then', () => {
    expect(createsCycle(segments, seg('viewers', { segment: 'not-gold-viewers' }))).toBe(true);
    expect(createsCycle(segments, seg('viewers', { segment: 'buyers' }))).toBe(false);
  });
});

describe('evaluateUser', () => {
  it('reports entries and exits against current memberships, reading references as updated in the same pass', () => {
    const state = applyEvent({ ...emptyUserState(), traits: { tier: 'gold' } }, { name: 'Product Viewed', at: 1_000, properties: {} });
    const result = evaluateUser(index.affectedBy(['Product Viewed'], []), index, state, new Set(['gold', 'not-gold-viewers']), 2_000);
    expect(result.changes.map((c) => `${c.segment.key}:${c.change}`)).toEqual(['viewers:entered', 'gold-viewers:entered', 'not-gold-viewers:exited']);
    expect(Object.keys(result.nextChanges).sort()).toEqual(['gold-viewers', 'not-gold-viewers', 'viewers']);
  });

  it('reports no change when the answers match the memberships', () => {
    const result = evaluateUser(index.ordered, index, emptyUserState(), new Set(['not-gold-viewers']), 0);
    expect(result.changes).toEqual([]);
  });
});
