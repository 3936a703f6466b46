/** Field scenarios about messaging's rules: quiet hours, a cap across journeys, consent withdrawn before a deferred send. */
import { zoneAtLocalHour } from '../scenarios/quiet-hours';
import { channel, iso, onEvent, template, user, type ParityScenario } from './parity-support';

export const quietHours: ParityScenario = {
  id: 'parity-quiet',
  title: 'quiet hours 21:00-08:00 in each user’s zone: a promotion at 22:xx waits for 08:00, one in the afternoon goes out',
  outcome: ['owl weekend-sale DEFERRED quiet_hours', 'owl receipt SENT', 'lark weekend-sale SENT'],
  files: {
    ...channel,
    'frequency-policy.json': { rules: [], whenCapped: 'drop', quietHours: { start: '21:00', end: '08:00', categories: ['promotional'] } },
    ...template('weekend-sale', '{{ user.name }}님, 주말 특가가 시작됐어요'),
    ...template('receipt', '{{ user.name }}님, 주문이 접수되었어요'),
    ...onEvent('weekend-sale', 'Sale Started', 'weekend-sale'),
    ...onEvent('receipt', 'Order Completed', 'receipt', 'transactional'),
  },
  scenario: (start) => ({
    start: iso(start),
    until: '+5s',
    users: { owl: user('도윤', { timezone: zoneAtLocalHour(22, start).zone }), lark: user('서아', { timezone: zoneAtLocalHour(13, start).zone }) },
    events: [
      { at: '+0s', userId: 'owl', event: 'Sale Started' },
      { at: '+0s', userId: 'lark', event: 'Sale Started' },
      { at: '+1s', userId: 'owl', event: 'Order Completed', properties: { orderId: 'o-1' } },
    ],
  }),
};

export const frequencyCap: ParityScenario = {
  id: 'parity-cap',
  title: 'a cap of 3 promotions across 10 journeys; a transactional message neither counted nor capped',
  outcome: [
    'yuna promo-0 SENT',
    'yuna promo-1 SENT',
    'yuna promo-2 SENT',
    'yuna promo-3 SUPPRESSED frequency_cap',
    'yuna promo-4 SUPPRESSED frequency_cap',
    'yuna promo-5 SUPPRESSED frequency_cap',
    'yuna promo-6 SUPPRESSED frequency_cap',
    'yuna promo-7 SUPPRESSED frequency_cap',
    'yuna promo-8 SUPPRESSED frequency_cap',
    'yuna promo-9 SUPPRESSED frequency_cap',
    'yuna receipt SENT',
  ],
  files: {
    ...channel,
    'frequency-policy.json': { rules: [{ scope: 'all', limit: 3, window: '1h', categories: ['promotional'] }], whenCapped: 'drop' },
    ...Object.assign(
      {},
      ...Array.from({ length: 10 }, (_, i) => ({
        ...template(`promo-${i}`, `{{ user.name }}님, 기획전 ${i}`),
        ...onEvent(`promo-${i}`, `Promo ${i}`, `promo-${i}`),
      })),
    ),
    ...template('receipt', '{{ user.name }}님, 주문이 접수되었어요'),
    ...onEvent('receipt', 'Order Completed', 'receipt', 'transactional'),
  },
  scenario: (start) => ({
    start: iso(start),
    until: '+5s',
    users: { yuna: user('유나') },
    events: [
      ...Array.from({ length: 10 }, (_, i) => ({ at: `+${i * 200}ms`, userId: 'yuna', event: `Promo ${i}` })),
      { at: '+2500ms', userId: 'yuna', event: 'Order Completed', properties: { orderId: 'o-1' } },
    ],
  }),
};

export const consentWithdrawal: ParityScenario = {
  id: 'parity-consent',
  title: 'consent withdrawn before a deferred send: suppressed at its time; kept consent: sent',
  outcome: ['withdrawer flash-sale SENT', 'withdrawer flash-sale SUPPRESSED consent_withdrawn', 'keeper flash-sale SENT', 'keeper flash-sale SENT'],
  files: {
    ...channel,
    'frequency-policy.json': { rules: [{ scope: 'all', limit: 1, window: '6s', categories: ['promotional'] }], whenCapped: 'defer' },
    ...template('flash-sale', '{{ user.name }}님, 타임 세일 {{ entry.properties.round }}회차!'),
    ...onEvent('flash-sale', 'Flash Sale', 'flash-sale'),
  },
  scenario: (start) => ({
    start: iso(start),
    until: '+10s',
    users: { withdrawer: user('민준'), keeper: user('지아') },
    events: [
      ...['withdrawer', 'keeper'].flatMap((id) => [
        { at: '+0s', userId: id, event: 'Flash Sale', properties: { round: 1 } },
        { at: '+500ms', userId: id, event: 'Flash Sale', properties: { round: 2 } },
      ]),
      { at: '+2s', type: 'consent', userId: 'withdrawer', consents: { log: { advertising: false } } },
    ],
  }),
};
