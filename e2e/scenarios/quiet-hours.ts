import { ADVERTISING, CHANNEL, onEventSend, scenario } from './scenario';

const HOUR = 3_600_000;

/** A whole-hour IANA zone where the local time is now `localHour`:xx, with its UTC offset in hours. */
export function zoneAtLocalHour(localHour: number, now = Date.now()): { zone: string; offset: number } {
  let offset = localHour - new Date(now).getUTCHours();
  if (offset < -12) offset += 24;
  if (offset > 14) offset -= 24;
  return { zone: offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`, offset };
}

/**
 * Quiet hours 21:00-08:00 in the user's own time zone (the `timezone`
 * trait): a promotion for a user whose local time is 01:xx is deferred to
 * their 08:00 with the reason in the log; the same promotion for a user in
 * the afternoon goes out; a transactional message at night goes out.
 */
export const quietHours = scenario('quiet-hours', 'quiet hours: a promotion for a user in their night is deferred to their morning', async (api) => {
  await api.channel(CHANNEL);
  await api.policy({ rules: [], whenCapped: 'drop', quietHours: { start: '21:00', end: '08:00', categories: ['promotional'] } });
  await api.template('weekend-sale', '{{ user.name }}님, 주말 특가가 시작됐어요');
  await api.journey(onEventSend('weekend-sale', 'Sale Started', 'weekend-sale'));
  await api.template('receipt', '{{ user.name }}님, 주문이 접수되었어요', 'transactional');
  await api.journey({
    ...onEventSend('receipt', 'Order Completed', 'receipt'),
    steps: { send: { type: 'send', channel: CHANNEL, template: 'receipt', category: 'transactional', next: null } },
  });

  const night = zoneAtLocalHour(1);
  const day = zoneAtLocalHour(13);
  await api.identify('owl', { name: '도윤', timezone: night.zone });
  await api.identify('lark', { name: '서아', timezone: day.zone });
  for (const user of ['owl', 'lark']) {
    await api.consent(user, ADVERTISING);
    await api.track(user, 'Sale Started');
  }
  await api.track('owl', 'Order Completed', { orderId: 'o-1' });

  const owl = await api.waitForMessages(
    'owl',
    (m) => m.length === 2 && m.every((x) => ['DEFERRED', 'SENT'].includes(x.status)),
    "the owl's promotion and receipt to be decided",
  );
  const lark = await api.waitForMessages('lark', (m) => m.length === 1 && m[0].status === 'SENT', "the lark's promotion");

  const localNow = Date.parse(owl[0].createdAt) + night.offset * HOUR;
  const morning = new Date(Math.floor(localNow / (24 * HOUR)) * 24 * HOUR + 8 * HOUR - night.offset * HOUR).toISOString();
  expect(owl.map((m) => [m.journey, m.status, m.reason, m.deferredUntil, m.content.text])).toEqual([
    ['weekend-sale', 'DEFERRED', 'quiet_hours', morning, '도윤님, 주말 특가가 시작됐어요'],
    ['receipt', 'SENT', null, null, '도윤님, 주문이 접수되었어요'],
  ]);
  expect(lark.map((m) => [m.journey, m.status, m.content.text])).toEqual([['weekend-sale', 'SENT', '서아님, 주말 특가가 시작됐어요']]);
});
