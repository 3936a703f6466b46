import { validateTrackingEvent } from './validate-event';

const paths = (raw: Record<string, unknown>, type?: 'track' | 'alias' | 'group' | 'page') => validateTrackingEvent(raw, 'batch[0]', type)[1].map((p) => p.path);

describe('validateTrackingEvent', () => {
  it('keeps only the known fields and drops null ones', () => {
    const [event, problems] = validateTrackingEvent({ type: 'track', userId: 'u', anonymousId: null, event: 'E', properties: { a: 1 }, channel: 'server', _metadata: {} }, '');
    expect(problems).toEqual([]);
    expect(event).toEqual({ type: 'track', userId: 'u', event: 'E', properties: { a: 1 } });
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

  it('rejects an unknown type and lets the endpoint set it', () => {
    expect(paths({ type: 'purchase', userId: 'u' })).toEqual(['batch[0].type']);
    expect(paths({ type: 'purchase', userId: 'u', event: 'E' }, 'track')).toEqual([]);
  });
});
