import { compareMessages, parseExpected } from './expect';
import type { SimMessage } from './output';
import { formatTimeline } from './timeline';
import { channel, onEvent, run, START, template } from './spec-helpers';

const origin = Date.parse(START);

function message(userId: string, extra: Partial<SimMessage> = {}): SimMessage {
  return {
    userId,
    journey: 'cart',
    journeyVersion: 1,
    step: 'remind',
    channel: 'kakao',
    template: 'cart',
    category: 'promotional',
    status: 'SENT',
    reason: null,
    content: { text: `hi ${userId}` },
    createdAt: '2026-03-02T01:00:00.000Z',
    sentAt: '2026-03-02T01:00:00.000Z',
    deferredUntil: null,
    ...extra,
  };
}

describe('compareMessages', () => {
  it('matches on the fields the expectation gives, content and times included', () => {
    const expected = parseExpected({
      messages: [
        { userId: 'u1', status: 'SENT', content: { text: 'hi u1' }, createdAt: '+1h' },
        { userId: 'u2', sentAt: '2026-03-02T10:00:00+09:00' },
      ],
    });
    expect(compareMessages([message('u1'), message('u2')], expected, origin)).toEqual({ ok: true, diff: '' });
  });

  it('shows what differs, what is missing and what was not expected', () => {
    const actual = [message('u1'), message('u2', { status: 'SUPPRESSED', reason: 'frequency_cap' }), message('u4')];
    const expected = parseExpected([{ userId: 'u1' }, { userId: 'u2', status: 'SENT', reason: null }, { userId: 'u3' }]);
    const { ok, diff } = compareMessages(actual, expected, origin);
    expect(ok).toBe(false);
    expect(diff.split('\n')).toEqual([
      'the simulated messages differ from the expectation (3 expected, 3 simulated, 1 matching):',
      '~ expected #2 vs simulated #2: u2 cart/remind SUPPRESSED frequency_cap (created 2026-03-02T01:00:00.000Z)',
      '    status: expected "SENT", got "SUPPRESSED"',
      '    reason: expected null, got "frequency_cap"',
      '~ expected #3 vs simulated #3: u4 cart/remind SENT (created 2026-03-02T01:00:00.000Z)',
      '    userId: expected "u3", got "u4"',
      '',
    ]);
    expect(compareMessages([message('u1')], parseExpected([]), origin).diff).toContain('+ simulated #1 was not expected: u1 cart/remind SENT');
    expect(compareMessages([], parseExpected([{ userId: 'u1' }]), origin).diff).toContain('- expected #1 is missing: {"userId":"u1"}');
  });

  it('aligns around an extra message instead of reporting every later one', () => {
    const actual = [message('u1'), message('extra'), message('u2'), message('u3')];
    const { diff } = compareMessages(actual, parseExpected([{ userId: 'u1' }, { userId: 'u2' }, { userId: 'u3' }]), origin);
    expect(diff.trim().split('\n').slice(1)).toEqual(['+ simulated #2 was not expected: extra cart/remind SENT (created 2026-03-02T01:00:00.000Z)']);
  });

  it('refuses an expectation that is not a list of objects', () => {
    expect(() => parseExpected({ messages: 'all sent' })).toThrow('expected a list of messages');
    expect(() => parseExpected(['SENT'])).toThrow('[0]: each expected message must be an object');
  });
});

describe('formatTimeline', () => {
  it('prints events, runs and message decisions in the workspace’s zone with the offset from the start', () => {
    const report = run([channel(), template('hi', 'hi {{ user.name }}'), onEvent('hello', 'Signed Up', 'hi')], {
      users: { u1: { traits: { name: '민지' }, consents: { kakao: { advertising: true } } } },
      events: [{ at: '+45m', userId: 'u1', event: 'Signed Up' }],
    });
    const text = formatTimeline(report, 'Asia/Seoul');
    expect(text.split('\n').slice(0, 6)).toEqual([
      'Simulation from 2026-03-02 09:00:00 to 2026-03-05 09:00:00 (Asia/Seoul): 1 users, 1 events',
      '',
      '2026-03-02 09:45:00  +45m          u1    event Signed Up',
      '2026-03-02 09:45:00  +45m          u1    enters hello v1',
      '2026-03-02 09:45:00  +45m          u1    message hello/send on kakao (hi, promotional): SENT — "hi 민지"',
      '2026-03-02 09:45:00  +45m          u1    hello v1: completed',
    ]);
    expect(text).toContain('messages: 1 (1 SENT)');
  });
});
