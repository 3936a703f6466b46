import { ValidationFailed } from '@cairn/core';
import { parseScenario, parseWhen } from './scenario';

const START = '2026-03-02T09:00:00+09:00';
const origin = Date.parse(START);

function problems(body: unknown): string[] {
  try {
    parseScenario(body);
    return [];
  } catch (error) {
    return (error as ValidationFailed).fields.map((f) => `${f.path}: ${f.message}`);
  }
}

describe('parseScenario', () => {
  it('resolves offsets, ISO instants and history before the start, and orders the events in time', () => {
    const s = parseScenario({
      start: START,
      until: '+3d',
      users: { u1: { traits: { name: '민지' }, consents: { kakao: { advertising: true, night: false } } } },
      events: [
        { at: '+45m', userId: 'u1', event: 'Order Completed', properties: { cartId: 'c1' } },
        { at: '+0m', userId: 'u1', event: 'Product Added', properties: { cartId: 'c1' } },
        { at: '2026-03-03T09:00:00+09:00', type: 'identify', userId: 'u2', traits: { timezone: 'America/New_York' } },
        { at: '+2d', catalogEvent: 'Product Restocked', itemId: 'P-1' },
        { at: '-40d', userId: 'u1', event: 'Order Completed' },
        { at: '+1d2h', type: 'consent', userId: 'u1', consents: { kakao: { advertising: false } } },
      ],
    });
    expect(s.start).toBe(origin);
    expect(s.until).toBe(origin + 3 * 86_400_000);
    expect(s.workspace).toEqual({ timezone: 'Asia/Seoul', compliance: 'none' });
    expect(s.events.map((e) => [e.type, e.at - origin])).toEqual([
      ['track', -40 * 86_400_000],
      ['track', 0],
      ['track', 45 * 60_000],
      ['identify', 86_400_000],
      ['consent', 26 * 3_600_000],
      ['catalog', 2 * 86_400_000],
    ]);
    expect(s.users.u1.consents).toEqual({ channels: { kakao: { advertising: true, night: false } }, source: 'scenario' });
  });

  it('names every problem with its path', () => {
    expect(
      problems({
        start: '2026-03-02 09:00',
        until: 'soon',
        workspace: { timezone: 'Mars/Olympus', compliance: 'strict', colour: 'red' },
        users: { u1: { traits: [], consents: { kakao: { advertising: 'yes' } } } },
        events: [{ at: '45m', userId: 'u1', event: 'X' }, { at: '+1m', type: 'page', userId: 'u1' }, { at: '+1m', catalogEvent: 'Restocked' }, 'x'],
      }),
    ).toEqual([
      'start: must be an ISO instant with a zone, such as 2026-03-02T09:00:00+09:00',
      expect.stringMatching(/^until: must be an offset/),
      'workspace.colour: unknown field',
      'workspace.timezone: must be an IANA time zone such as Asia/Seoul',
      'workspace.compliance: must be "none" or "kr-ad-law"',
      'users.u1.traits: must be an object',
      'users.u1.consents.kakao.advertising: must be true or false',
      expect.stringMatching(/^events\[0\]\.at: must be an offset/),
      'events[1].type: must be track, identify or consent (or give catalogEvent for a catalog event)',
      'events[2].itemId: must be the item id',
      'events[3]: must be an event object',
    ]);
  });

  it('refuses an end before the start or more than two years later', () => {
    expect(problems({ start: START, until: '-1d' })).toEqual(['until: must be after start and at most 730 days later']);
    expect(problems({ start: START, until: '+731d' })).toEqual(['until: must be after start and at most 730 days later']);
  });

  it('reads offsets of several units', () => {
    expect(parseWhen('+1d2h30m', origin)).toBe(origin + 26.5 * 3_600_000);
    expect(parseWhen('-1w', origin)).toBe(origin - 7 * 86_400_000);
    expect(parseWhen('+1.5h', origin)).toBeUndefined();
  });
});
