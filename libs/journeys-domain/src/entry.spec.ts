import { decideEntry, EntryHistory, matchesWhere, resolveTemplateRef } from './entry';
import type { JourneyDefinition, ReentryRule } from './journey.types';
import { cartAbandonment, restockNotice, welcomeBack } from './ready-made';
import { DAY, event, HOUR, MINUTE, T0 } from './test-fixtures';

const fresh: EntryHistory = { active: false, everEntered: false };
const ended = (lastEnteredAt: number, lastEpisode = 1): EntryHistory => ({ active: false, everEntered: true, lastEnteredAt, lastEpisode });
const added = (at = T0, props: Record<string, unknown> = { cartId: 'c1' }) => ({ kind: 'event' as const, event: event('Product Added', at, props, 'm1') });
const withReentry = (reentry: ReentryRule): JourneyDefinition => ({ ...cartAbandonment(), reentry });

describe('decideEntry', () => {
  it('enters with the event as the run context', () => {
    expect(decideEntry(cartAbandonment(), added(), T0, fresh)).toEqual({
      enter: true,
      episode: 1,
      entry: { kind: 'event', event: 'Product Added', properties: { cartId: 'c1' }, at: T0, messageId: 'm1' },
    });
  });

  it('skips another event, a where that does not hold, or another kind of trigger as not_matching', () => {
    const def: JourneyDefinition = { ...cartAbandonment(), entry: { event: 'Product Added', where: { price: { gte: 10000 } } } };
    expect(decideEntry(def, { kind: 'event', event: event('Product Viewed', T0) }, T0, fresh)).toEqual({ enter: false, reason: 'not_matching' });
    expect(decideEntry(def, added(T0, { price: 9000 }), T0, fresh)).toEqual({ enter: false, reason: 'not_matching' });
    expect(decideEntry(def, added(T0, { price: 12000 }), T0, fresh).enter).toBe(true);
    expect(decideEntry(def, { kind: 'segment', segment: 'dormant', change: 'enter', at: T0 }, T0, fresh).enter).toBe(false);
  });

  it('refuses an event older than maxEventAge (exactly the limit still enters)', () => {
    expect(decideEntry(cartAbandonment(), added(T0 - HOUR - 1), T0, fresh)).toEqual({ enter: false, reason: 'event_too_old' });
    expect(decideEntry(cartAbandonment(), added(T0 - HOUR), T0, fresh).enter).toBe(true);
  });

  it('keeps at most one active run per user, whatever the re-entry rule', () => {
    const active = { active: true, everEntered: true, lastEnteredAt: T0 - 2 * DAY };
    expect(decideEntry(withReentry({ mode: 'always' }), added(), T0, active)).toEqual({ enter: false, reason: 'already_active' });
  });

  it('re-entry once: never a second episode', () => {
    expect(decideEntry(withReentry({ mode: 'once' }), added(), T0, ended(T0 - 365 * DAY))).toEqual({ enter: false, reason: 'reentry_once' });
  });

  it('re-entry cooldown: refused until the cool-down has passed since the last entry', () => {
    const def = withReentry({ mode: 'cooldown', cooldown: '1d' });
    expect(decideEntry(def, added(), T0, ended(T0 - DAY + MINUTE))).toEqual({ enter: false, reason: 'reentry_cooldown' });
    expect(decideEntry(def, added(), T0, ended(T0 - DAY, 3))).toMatchObject({ enter: true, episode: 4 });
  });

  it('re-entry always: a new episode each time the previous run has ended', () => {
    expect(decideEntry(withReentry({ mode: 'always' }), added(), T0, ended(T0 - 1, 7))).toMatchObject({ enter: true, episode: 8 });
  });

  it('enters on a segment change in the right direction only', () => {
    const def = welcomeBack();
    expect(decideEntry(def, { kind: 'segment', segment: 'dormant', change: 'exit', at: T0 }, T0, fresh).enter).toBe(false);
    expect(decideEntry(def, { kind: 'segment', segment: 'dormant', change: 'enter', at: T0 }, T0, fresh)).toEqual({
      enter: true,
      episode: 1,
      entry: { kind: 'segment', segment: 'dormant', change: 'enter', properties: {}, at: T0 },
    });
  });

  it('enters on a catalog event for a member of the audience', () => {
    const restocked = event('Product Restocked', T0, { productId: 'P-100' });
    expect(decideEntry(restockNotice(), { kind: 'catalog', event: restocked }, T0, ended(T0 - HOUR))).toMatchObject({
      enter: true,
      entry: { kind: 'catalog', event: 'Product Restocked', properties: { productId: 'P-100' } },
    });
    expect(decideEntry(restockNotice(), { kind: 'catalog', event: restocked }, T0 + 2 * DAY, fresh)).toEqual({ enter: false, reason: 'event_too_old' });
  });
});

describe('matchesWhere', () => {
  const props = { price: 12000, name: 'Socks', tags: ['sale', 'new'], cart: { id: 'c1' }, empty: null, when: '2026-03-01' };
  it.each([
    [{ name: 'Socks' }, true],
    [{ name: 'socks' }, false],
    [{ price: '12000' }, false],
    [{ price: { gte: 12000, lt: 20000 } }, true],
    [{ price: { gt: 12000 } }, false],
    [{ price: { lte: 12000 } }, true],
    [{ name: { neq: 'Hat' } }, true],
    [{ missing: { neq: 'Hat' } }, true],
    [{ missing: 'x' }, false],
    [{ name: { in: ['Hat', 'Socks'] } }, true],
    [{ tags: { contains: 'sale' } }, true],
    [{ name: { contains: 'ock' } }, true],
    [{ tags: { contains: 'old' } }, false],
    [{ name: { exists: true } }, true],
    [{ empty: { exists: true } }, false],
    [{ missing: { exists: false } }, true],
    [{ 'cart.id': 'c1' }, true],
    [{ when: { gte: '2026-01-01' } }, true],
    [{ price: { gt: '100' } }, false],
    [{ constructor: { exists: true } }, false],
  ])('%j → %s', (where, expected) => {
    expect(matchesWhere(where as never, props)).toBe(expected);
  });

  it('matches anything without a where', () => {
    expect(matchesWhere(undefined, undefined)).toBe(true);
  });

  it('compares like a segment does (@cairn/conditions): zoned instants as time, lists and objects structurally', () => {
    const order = { at: '2026-03-01T09:00:00+09:00', tags: ['sale', 'new'], cart: { id: 'c1' } };
    expect(matchesWhere({ at: '2026-03-01T00:00:00Z' }, order)).toBe(true);
    expect(matchesWhere({ at: { lt: '2026-03-01T00:00:01Z' } }, order)).toBe(true);
    expect(matchesWhere({ tags: ['sale', 'new'] }, order)).toBe(true);
    expect(matchesWhere({ cart: { eq: { id: 'c1' } } }, order)).toBe(true);
  });
});

describe('resolveTemplateRef', () => {
  const context = { entry: { properties: { cartId: 'c1', 'item.sku': 'S-1' } }, user: { name: 'Mina' } };
  it('looks up a dotted path in the run context', () => {
    expect(resolveTemplateRef('{{ entry.properties.cartId }}', context)).toBe('c1');
    expect(resolveTemplateRef('{{user.name}}', context)).toBe('Mina');
  });
  it('gives undefined for an unknown path and never walks the prototype chain', () => {
    expect(resolveTemplateRef('{{ entry.properties.nope }}', context)).toBeUndefined();
    expect(resolveTemplateRef('{{ entry.constructor }}', context)).toBeUndefined();
  });
  it('returns plain values as they are', () => {
    expect(resolveTemplateRef('c9', context)).toBe('c9');
    expect(resolveTemplateRef(42, context)).toBe(42);
    expect(resolveTemplateRef('{{ user.name | upcase }}', context)).toBe('{{ user.name | upcase }}');
  });
});
