import { validateTrackingEvent } from './validate-event';
import { MAX_OBJECT_BYTES, MAX_OBJECT_KEYS, MAX_STRING_BYTES } from './value-bounds';

const paths = (raw: Record<string, unknown>, type?: 'track' | 'alias' | 'group' | 'page' | 'identify') =>
  validateTrackingEvent(raw, 'batch[0]', type)[1].map((p) => p.path);

describe('validateTrackingEvent', () => {
  it('keeps only the known fields and drops null ones', () => {
    const [event, problems] = validateTrackingEvent(
      { type: 'track', userId: 'u', anonymousId: null, event: 'E', properties: { a: 1 }, channel: 'server', _metadata: {} },
      '',
    );
    expect(problems).toEqual([]);
    expect(event).toEqual({ type: 'track', userId: 'u', event: 'E', properties: { a: 1 } });
  });

  it('takes an empty id for an absent one (RudderStack sends userId "" before identify)', () => {
    expect(validateTrackingEvent({ userId: '', anonymousId: 'a', event: 'E' }, '', 'track')).toEqual([{ type: 'track', anonymousId: 'a', event: 'E' }, []]);
    expect(paths({ userId: '', event: 'E' }, 'track')).toEqual(['batch[0].userId']);
    expect(paths({ anonymousId: 'a', userId: 'u', previousId: '' }, 'alias')).toEqual(['batch[0].previousId']);
  });

  it('requires an id, the event name for track, previousId for alias and groupId for group', () => {
    expect(paths({ event: 'E' }, 'track')).toEqual(['batch[0].userId']);
    expect(paths({ userId: 'u' }, 'track')).toEqual(['batch[0].event']);
    expect(paths({ anonymousId: 'a', previousId: 'a' }, 'alias')).toEqual(['batch[0].userId']);
    expect(paths({ userId: 'u' }, 'group')).toEqual(['batch[0].groupId']);
    expect(paths({ anonymousId: 'a' }, 'page')).toEqual([]);
  });

  it('checks lengths, object fields and dates, naming each field', () => {
    const raw = { type: 'track', userId: 'x'.repeat(257), event: '', messageId: 7, traits: [], timestamp: '2026-W45', sentAt: 'soon', name: '' };
    expect(paths(raw).sort()).toEqual(['batch[0].event', 'batch[0].messageId', 'batch[0].sentAt', 'batch[0].timestamp', 'batch[0].traits', 'batch[0].userId']);
  });

  it("takes an identify's traits from context.traits when it has none (RudderStack's browser SDK), bounded and named there", () => {
    const rudder = { userId: 'u', anonymousId: 'a', context: { traits: { name: 'Minji' }, library: { name: 'RudderLabs JavaScript SDK' } } };
    expect(validateTrackingEvent(rudder, '', 'identify')[0]?.traits).toEqual({ name: 'Minji' });
    expect(validateTrackingEvent({ ...rudder, traits: { tier: 'gold' } }, '', 'identify')[0]?.traits).toEqual({ tier: 'gold' });
    expect(validateTrackingEvent({ ...rudder, event: 'E' }, '', 'track')[0]?.traits).toBeUndefined();
    const tooLong = { ...rudder, context: { traits: { bio: 'x'.repeat(9 * 1024) } } };
    expect(paths(tooLong, 'identify')).toEqual(['batch[0].context.traits.bio']);
  });

  it('rejects an unknown type and lets the endpoint set it', () => {
    expect(paths({ type: 'purchase', userId: 'u' })).toEqual(['batch[0].type']);
    expect(paths({ type: 'purchase', userId: 'u', event: 'E' }, 'track')).toEqual([]);
  });
});

describe('bounds of traits and properties, ids and dates', () => {
  const problems = (raw: Record<string, unknown>) => validateTrackingEvent({ type: 'identify', userId: 'u', ...raw }, '')[1];

  it('names the trait or property that is too long, and the object with too many keys or bytes', () => {
    expect(problems({ traits: { bio: 'x'.repeat(MAX_STRING_BYTES + 1) } })).toEqual([{ path: 'traits.bio', message: 'text values must be at most 8 KiB' }]);
    expect(problems({ properties: { items: [{ name: 'ok' }, { name: '한'.repeat(3000) }] } }).map((p) => p.path)).toEqual(['properties.items[1].name']);
    const many = Object.fromEntries(Array.from({ length: MAX_OBJECT_KEYS + 1 }, (_, i) => [`t${i}`, i]));
    expect(problems({ traits: many }).map((p) => p.path)).toEqual(['traits']);
    const heavy = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`t${i}`, 'x'.repeat(7 * 1024)]));
    expect(problems({ traits: heavy })).toEqual([{ path: 'traits', message: `must be at most ${MAX_OBJECT_BYTES / 1024} KiB as JSON` }]);
    expect(problems({ traits: { ['k'.repeat(257)]: 1 } }).map((p) => p.path)).toEqual(['traits']);
  });

  it('accepts values on the bounds', () => {
    const full = Object.fromEntries(Array.from({ length: MAX_OBJECT_KEYS }, (_, i) => [`t${i}`, i]));
    expect(problems({ traits: full, properties: { bio: 'x'.repeat(MAX_STRING_BYTES) } })).toEqual([]);
  });

  it('refuses control characters and line separators in ids', () => {
    expect(problems({ userId: 'u\n1' }).map((p) => p.path)).toEqual(['userId']);
    expect(problems({ anonymousId: 'a\u2028', userId: undefined }).map((p) => p.path)).toEqual(['anonymousId']);
    expect(problems({ messageId: 'm\t1' }).map((p) => p.path)).toEqual(['messageId']);
    expect(problems({ userId: '민지 김 (VIP)' })).toEqual([]);
  });

  it('refuses dates before 2000-01-01 (an unset clock), naming the field', () => {
    expect(problems({ timestamp: '1970-01-01T00:00:00Z', sentAt: '1999-12-31T23:59:59Z' })).toEqual([
      { path: 'timestamp', message: 'must not be before 2000-01-01' },
      { path: 'sentAt', message: 'must not be before 2000-01-01' },
    ]);
    expect(problems({ originalTimestamp: '2000-01-01T00:00:00Z' })).toEqual([]);
  });
});
