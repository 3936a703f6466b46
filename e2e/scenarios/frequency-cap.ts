import { ADVERTISING, CHANNEL, onEventSend, scenario } from './scenario';

/**
 * A global cap of 2 promotional messages per hour across three journeys,
 * with `whenCapped: drop`: the third is suppressed with the reason in the
 * delivery log; a transactional message is neither counted nor capped.
 */
export const frequencyCap = scenario(
  'frequency-cap',
  'global cap of 2 promotional messages per window across three journeys: two sent, the third suppressed',
  async (api) => {
    await api.channel(CHANNEL);
    await api.policy({ rules: [{ scope: 'all', limit: 2, window: '1h', categories: ['promotional'] }], whenCapped: 'drop' });
    for (const name of ['a', 'b', 'c']) {
      await api.template(`promo-${name}`, `{{ user.name }}님, 기획전 ${name.toUpperCase()} 소식이에요`);
      await api.journey(onEventSend(`promo-${name}`, `Promo ${name.toUpperCase()}`, `promo-${name}`));
    }
    await api.template('receipt', '{{ user.name }}님, 주문이 접수되었어요', 'transactional');
    await api.journey({
      ...onEventSend('receipt', 'Order Completed', 'receipt'),
      steps: { send: { type: 'send', channel: CHANNEL, template: 'receipt', category: 'transactional', next: null } },
    });
    await api.identify('yuna', { name: '유나' });
    await api.consent('yuna', ADVERTISING);

    await api.track('yuna', 'Promo A');
    await api.waitForMessages('yuna', (m) => m.length === 1, 'the first promotion');
    await api.track('yuna', 'Promo B');
    await api.waitForMessages('yuna', (m) => m.length === 2, 'the second promotion');
    await api.track('yuna', 'Promo C');
    await api.track('yuna', 'Order Completed', { orderId: 'o-1' });
    const log = await api.waitForMessages('yuna', (m) => m.length === 4, 'the third promotion and the receipt to be decided');
    expect(log.map((m) => [m.journey, m.status, m.reason, m.content.text])).toEqual([
      ['promo-a', 'SENT', null, '유나님, 기획전 A 소식이에요'],
      ['promo-b', 'SENT', null, '유나님, 기획전 B 소식이에요'],
      ['promo-c', 'SUPPRESSED', 'frequency_cap', '유나님, 기획전 C 소식이에요'],
      ['receipt', 'SENT', null, '유나님, 주문이 접수되었어요'],
    ]);
  },
);
