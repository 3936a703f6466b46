import { brief, channel, journey, onEvent, policy, run, sendStep, template } from './spec-helpers';

const promo = (key: string, event: string) => [template(key, `{{ user.name }}님, ${key}`), onEvent(key, event, key)];

describe('simulate: messaging', () => {
  it('defers a promotion at 22:30 KST to 08:00 KST under quiet hours, and sends a transactional message at once', () => {
    const receipt = journey({
      key: 'receipt',
      entry: { event: 'Order Completed' },
      start: 'send',
      steps: { send: sendStep('receipt', { category: 'transactional' }) },
    });
    const report = run(
      [channel(), policy({ quietHours: { start: '22:00', end: '08:00' } }), ...promo('sale', 'Sale Started'), template('receipt', '주문 접수'), receipt],
      {
        until: '+1d',
        users: {
          seoul: { traits: { name: '도윤' }, consents: { kakao: { advertising: true, night: true } } },
          ny: { traits: { name: 'Ann', timezone: 'America/New_York' }, consents: { kakao: { advertising: true, night: true } } },
        },
        events: [
          { at: '2026-03-02T22:30:00+09:00', userId: 'seoul', event: 'Sale Started' },
          { at: '2026-03-02T22:30:00+09:00', userId: 'ny', event: 'Sale Started' },
          { at: '2026-03-02T22:31:00+09:00', userId: 'seoul', event: 'Order Completed' },
        ],
      },
    );
    expect(report.messages.map((m) => [m.userId, m.journey, m.status, m.createdAt, m.sentAt])).toEqual([
      ['seoul', 'sale', 'SENT', '2026-03-02T13:30:00.000Z', '2026-03-02T23:00:00.000Z'],
      ['ny', 'sale', 'SENT', '2026-03-02T13:30:00.000Z', '2026-03-02T13:30:00.000Z'],
      ['seoul', 'receipt', 'SENT', '2026-03-02T13:31:00.000Z', '2026-03-02T13:31:00.000Z'],
    ]);
  });

  it('labels promotions under kr-ad-law and holds them at night without night consent', () => {
    const report = run([channel(), ...promo('sale', 'Sale Started')], {
      workspace: { compliance: 'kr-ad-law', senderName: 'Cairn Shop', optOutText: '무료수신거부 080-000-0000' },
      until: '+1d',
      users: { day: { traits: { name: '민지' }, consents: { kakao: { advertising: true } } }, none: { traits: { name: '서준' } } },
      events: [
        { at: '+1h', userId: 'day', event: 'Sale Started' },
        { at: '+1h', userId: 'none', event: 'Sale Started' },
        { at: '2026-03-02T22:30:00+09:00', userId: 'day', event: 'Sale Started' },
      ],
    });
    expect(brief(report)).toEqual([
      ['day', 'sale', 'SENT', null, '(광고) Cairn Shop\n민지님, sale\n무료수신거부 080-000-0000'],
      ['none', 'sale', 'SUPPRESSED', 'no_consent', '서준님, sale'],
      ['day', 'sale', 'SENT', null, '(광고) Cairn Shop\n민지님, sale\n무료수신거부 080-000-0000'],
    ]);
    expect(report.messages[2].sentAt).toBe('2026-03-02T23:00:00.000Z');
  });

  it('suppresses a promotion without sender settings under kr-ad-law', () => {
    const report = run([channel(), ...promo('sale', 'Sale Started')], {
      workspace: { compliance: 'kr-ad-law' },
      users: { u: { traits: { name: 'u' }, consents: { kakao: { advertising: true } } } },
      events: [{ at: '+1h', userId: 'u', event: 'Sale Started' }],
    });
    expect(brief(report)).toEqual([['u', 'sale', 'SUPPRESSED', 'compliance_config_missing', 'u님, sale']]);
  });

  it('holds a cap of 3 promotions a day across 10 journeys; transactional messages are neither counted nor capped', () => {
    const journeys = Array.from({ length: 10 }, (_, i) => promo(`promo-${i}`, `Promo ${i}`)).flat();
    const receipt = journey({
      key: 'receipt',
      entry: { event: 'Order Completed' },
      start: 'send',
      steps: { send: sendStep('receipt', { category: 'transactional' }) },
    });
    const report = run([channel(), policy({ rules: [{ scope: 'all', limit: 3, window: '24h' }] }), ...journeys, template('receipt', 'ok'), receipt], {
      users: { yuna: { traits: { name: '유나' }, consents: { kakao: { advertising: true } } } },
      events: [
        ...Array.from({ length: 10 }, (_, i) => ({ at: `+${i + 1}m`, userId: 'yuna', event: `Promo ${i}` })),
        { at: '+20m', userId: 'yuna', event: 'Order Completed' },
        { at: '+1d1m', userId: 'yuna', event: 'Promo 9' },
      ],
    });
    expect(report.messages.map((m) => [m.journey, m.status, m.reason])).toEqual([
      ...[0, 1, 2].map((i) => [`promo-${i}`, 'SENT', null]),
      ...[3, 4, 5, 6, 7, 8, 9].map((i) => [`promo-${i}`, 'SUPPRESSED', 'frequency_cap']),
      ['receipt', 'SENT', null],
      ['promo-9', 'SENT', null],
    ]);
  });

  it('suppresses a deferred promotion whose consent was withdrawn before its time, and sends the other', () => {
    const report = run([channel(), policy({ rules: [{ scope: 'all', limit: 1, window: '1h' }], whenCapped: 'defer' }), ...promo('flash', 'Flash Sale')], {
      users: Object.fromEntries(['withdrawer', 'keeper'].map((id) => [id, { traits: { name: id }, consents: { kakao: { advertising: true } } }])),
      events: [
        ...['withdrawer', 'keeper'].flatMap((id) => [
          { at: '+0m', userId: id, event: 'Flash Sale' },
          { at: '+1m', userId: id, event: 'Flash Sale' },
        ]),
        { at: '+30m', type: 'consent', userId: 'withdrawer', consents: { kakao: { advertising: false } } },
      ],
    });
    expect(report.messages.map((m) => [m.userId, m.status, m.reason, m.deferredUntil, m.sentAt])).toEqual([
      ['withdrawer', 'SENT', null, null, '2026-03-02T00:00:00.000Z'],
      ['keeper', 'SENT', null, null, '2026-03-02T00:00:00.000Z'],
      ['withdrawer', 'SUPPRESSED', 'consent_withdrawn', null, null],
      ['keeper', 'SENT', null, null, '2026-03-02T01:00:00.000Z'],
    ]);
  });
});
