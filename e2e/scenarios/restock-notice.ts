import { ADVERTISING, CHANNEL, onEventSend, scenario, sendStep } from './scenario';

/**
 * "Product is back in stock" reaches exactly the people who put it in their
 * cart and did not order it: not those who ordered it afterwards, not those
 * who wanted another product; one notice per interest however many restocks.
 */
export const restockNotice = scenario('restock-notice', 'restock notice reaches exactly the interested users who have not ordered', async (api) => {
  await api.channel(CHANNEL);
  await api.template('restock-notice', '{{ user.name }}님, 기다리시던 {{ entry.properties.name }} 재입고!');
  await api.template('probe', 'probe', 'transactional');
  await api.journey({ ...onEventSend('probe', 'Probe', 'probe'), steps: { send: sendStep('probe', 'transactional') } });
  await api.journey({
    key: 'restock-notice',
    name: 'Restock notice',
    entry: {
      catalogEvent: 'Product Restocked',
      maxEventAge: '1d',
      audience: { event: 'Product Added', matchItem: 'productId', within: '30d', notFollowedBy: 'Order Completed' },
    },
    reentry: { mode: 'always' },
    exitOn: [],
    holdout: 0,
    start: 'notify',
    steps: { notify: sendStep('restock-notice') },
  });
  const users = { wanter: '민지', buyer: '서준', elsewhere: '하은', 'second-wanter': '도윤' };
  for (const [user, name] of Object.entries(users)) {
    await api.identify(user, { name });
    await api.consent(user, ADVERTISING);
  }
  await api.track('wanter', 'Product Added', { productId: 'P-7', cartId: 'c-1' });
  await api.track('second-wanter', 'Product Added', { productId: 'P-7', cartId: 'c-4' });
  await api.track('buyer', 'Product Added', { productId: 'P-7', cartId: 'c-2' });
  await api.track('buyer', 'Order Completed', { productId: 'P-7', cartId: 'c-2' });
  await api.track('elsewhere', 'Product Added', { productId: 'P-8', cartId: 'c-3' });
  // journeys keeps the interest from cairn.events.v1, and catalog events come on another topic: a probe event
  // after each user's events (same partition, in order) shows when journeys has seen them all.
  for (const user of Object.keys(users)) await api.track(user, 'Probe');
  for (const user of Object.keys(users)) await api.waitForMessages(user, (m) => m.some((x) => x.journey === 'probe'), `journeys to see ${user}'s events`);
  await api.catalogEvent('Product Restocked', 'P-7', { name: '린넨 셔츠' });
  await api.catalogEvent('Product Restocked', 'P-7', { name: '린넨 셔츠' });
  await api.catalogEvent('Product Restocked', 'P-8', { name: '울 코트' });

  for (const [user, name] of [
    ['wanter', '민지'],
    ['second-wanter', '도윤'],
  ]) {
    const log = await api.waitForMessages(user, (m) => m.some((x) => x.journey === 'restock-notice'), `${user}'s restock notice`);
    expect(log.filter((m) => m.journey === 'restock-notice').map((m) => [m.status, m.content.text])).toEqual([
      ['SENT', `${name}님, 기다리시던 린넨 셔츠 재입고!`],
    ]);
  }
  // The P-8 notice reaches the one who wanted P-8 (and shows the catalog events before it were handled).
  const elsewhere = await api.waitForMessages('elsewhere', (m) => m.some((x) => x.journey === 'restock-notice'), "elsewhere's P-8 notice");
  expect(elsewhere.filter((m) => m.journey === 'restock-notice').map((m) => m.content.text)).toEqual(['하은님, 기다리시던 울 코트 재입고!']);

  // A new interest after the restocks, then a third P-7 restock: only the newcomer is notified, which also shows
  // every earlier P-7 restock (same partition) was handled without a second notice to anyone.
  await api.identify('late', { name: '서아' });
  await api.consent('late', ADVERTISING);
  await api.track('late', 'Product Added', { productId: 'P-7', cartId: 'c-5' });
  await api.track('late', 'Probe');
  await api.waitForMessages('late', (m) => m.some((x) => x.journey === 'probe'), "journeys to see late's events");
  await api.catalogEvent('Product Restocked', 'P-7', { name: '린넨 셔츠' });
  const late = await api.waitForMessages('late', (m) => m.some((x) => x.journey === 'restock-notice'), "late's restock notice");
  expect(late.filter((m) => m.journey === 'restock-notice').map((m) => m.content.text)).toEqual(['서아님, 기다리시던 린넨 셔츠 재입고!']);

  const notices = async (user: string) => (await api.messages(user)).filter((m) => m.journey === 'restock-notice').length;
  expect({
    wanter: await notices('wanter'),
    second: await notices('second-wanter'),
    buyer: await notices('buyer'),
    elsewhere: await notices('elsewhere'),
  }).toEqual({ wanter: 1, second: 1, buyer: 0, elsewhere: 1 });
});
