import { applyConsentUpdate } from './consent';
import { decideInOrder, OrderedSend } from './decide-in-order';
import { SendRequest } from './decide-send';
import { FrequencyPolicy } from './frequency-policy';

const now = new Date('2026-05-01T03:00:00Z'); // noon KST
const consents = applyConsentUpdate({}, { channels: { sms: { advertising: true } } }, new Date('2026-01-01T00:00:00Z'));
const promo: SendRequest = { channel: 'sms', channelType: 'sms', journeyId: 'j1', category: 'promotional', content: { text: 'sale' } };
const receipt: SendRequest = { ...promo, category: 'transactional', content: { text: 'paid' } };
const seoul = (request: SendRequest): OrderedSend => ({ request, timeZone: 'Asia/Seoul' });

function policy(over: Partial<FrequencyPolicy> = {}): FrequencyPolicy {
  return { rules: [{ scope: 'all', limit: 3, window: '24h', categories: ['promotional'] }], whenCapped: 'drop', compliance: 'none', ...over };
}

describe('decideInOrder', () => {
  it('sends up to the cap and suppresses the rest of a run of requests, counting the earlier sends', () => {
    const earlier = [{ at: new Date('2026-05-01T01:00:00Z'), channel: 'sms', journeyId: 'j1', category: 'promotional' as const }];
    const decisions = decideInOrder(
      Array.from({ length: 5 }, () => seoul(promo)),
      { policy: policy(), consents, sent: earlier, now },
    );
    expect(decisions.map((d) => d.action)).toEqual(['send', 'send', 'suppress', 'suppress', 'suppress']);
    expect(decisions[2]).toEqual({ action: 'suppress', reason: 'frequency_cap' });
  });

  it('does not count a suppressed or exempt message against the cap', () => {
    const run = [seoul(receipt), seoul({ ...promo, channel: 'email' }), seoul(promo), seoul(receipt), seoul(promo), seoul(promo), seoul(promo)];
    const decisions = decideInOrder(run, { policy: policy(), consents, sent: [], now });
    // Receipts are transactional (exempt), the email has no consent; the three promotional SMS fill the cap.
    expect(decisions.map((d) => d.action)).toEqual(['send', 'suppress', 'send', 'send', 'send', 'send', 'suppress']);
  });

  it('defers capped messages to when the window frees with whenCapped: defer', () => {
    const decisions = decideInOrder([seoul(promo), seoul(promo)], {
      policy: policy({ rules: [{ scope: 'all', limit: 1, window: '1h', categories: ['promotional'] }], whenCapped: 'defer' }),
      consents,
      sent: [],
      now,
    });
    expect(decisions).toEqual([
      { action: 'send', content: promo.content },
      { action: 'defer', reason: 'frequency_cap', until: new Date('2026-05-01T04:00:00Z') },
    ]);
  });

  it('decides each message in its own time zone', () => {
    const quiet = policy({ rules: [], quietHours: { start: '21:00', end: '08:00', categories: ['promotional'] } });
    // 03:00 UTC: noon in Seoul, 04:00 in London (quiet hours there).
    const decisions = decideInOrder([seoul(promo), { request: promo, timeZone: 'Europe/London' }], { policy: quiet, consents, sent: [], now });
    expect(decisions.map((d) => d.action)).toEqual(['send', 'defer']);
  });
});
