import { ADVERTISING, CHANNEL, scenario, sendStep } from './scenario';

/**
 * The lifecycle stages with a 4-second "dormant" threshold: a customer who
 * ordered and then stayed away becomes dormant by the clock alone, is sent
 * the welcome-back coupon once, and enters "returning" at the next sign-in.
 */
export const welcomeBack = scenario(
  'welcome-back',
  'dormant customer: welcome-back coupon when the silence passes the threshold, "returning" at the next login',
  async (api) => {
    await api.channel(CHANNEL);
    await api.template('welcome-back', '{{ user.name }}님, 다시 만나 반가워요! 3,000원 쿠폰: {{ coupon.code }}');
    await api.couponPool('welcome-back', { mode: 'list', codes: ['WB-0001', 'WB-0002'] });
    await api.lifecycle({ dormantAfter: '4s' });
    await api.journey({
      key: 'welcome-back',
      name: 'Welcome-back coupon',
      entry: { segment: 'dormant', on: 'enter' },
      reentry: { mode: 'cooldown', cooldown: '30d' },
      exitOn: [],
      holdout: 0,
      start: 'coupon',
      steps: { coupon: sendStep('welcome-back', 'promotional', { coupon: { pool: 'welcome-back' } }) },
    });
    await api.identify('jiwoo', { name: '지우' });
    await api.consent('jiwoo', ADVERTISING);
    await api.track('jiwoo', 'Order Completed', { orderId: 'o-1' });
    await api.waitForSegments('jiwoo', (keys) => keys.includes('new'), 'jiwoo to be "new" after the first order');
    expect(await api.messages('jiwoo')).toEqual([]);

    const sent = await api.waitForMessages('jiwoo', (m) => m.length > 0, 'the welcome-back coupon once jiwoo is dormant');
    expect(await api.segments('jiwoo')).toEqual(['dormant']);
    expect(sent.map((m) => [m.journey, m.status, m.content.text])).toEqual([['welcome-back', 'SENT', '지우님, 다시 만나 반가워요! 3,000원 쿠폰: WB-0001']]);

    await api.track('jiwoo', 'Signed In');
    await api.waitForSegments('jiwoo', (keys) => keys.includes('returning'), 'jiwoo to be "returning" after signing in');
    expect(await api.segments('jiwoo')).toEqual(['returning']);
    expect(await api.messages('jiwoo')).toHaveLength(1);
  },
);
