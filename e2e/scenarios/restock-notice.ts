import { waitFor } from '@cairn/testing';
import { ADVERTISING, CHANNEL, scenario, sendStep } from './scenario';

/**
 * "Product is back in stock" reaches exactly the people who put it in their
 * cart and did not order it: not those who ordered it afterwards, not those
 * who wanted another product.
 */
export const restockNotice = scenario('restock-notice', 'restock notice reaches exactly the interested users who have not ordered', async (api) => {
  await api.channel(CHANNEL);
  await api.template('restock-notice', '{{ user.name }}님, 기다리시던 {{ entry.properties.name }} 재입고!');
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
  // The audience comes from segments' stored history: wait until it has every event above.
  await waitFor(
    async () => {
      const { users: found } = await api.request<{ users: Array<{ userId: string }> }>('segments', 'POST', '/v1/audiences/query', {
        event: 'Product Added', where: { productId: 'P-7' }, within: '30d', notFollowedBy: 'Order Completed',
      });
      return JSON.stringify(found.map((u) => u.userId).sort()) === JSON.stringify(['second-wanter', 'wanter']);
    },
    { what: 'the audience of P-7 in segments' },
  );
  await api.catalogEvent('Product Restocked', 'P-7', { name: '린넨 셔츠' });

  for (const [user, name] of [['wanter', '민지'], ['second-wanter', '도윤']]) {
    const log = await api.waitForMessages(user, (m) => m.length > 0, `${user}'s restock notice`);
    expect(log.map((m) => [m.journey, m.status, m.content.text])).toEqual([['restock-notice', 'SENT', `${name}님, 기다리시던 린넨 셔츠 재입고!`]]);
  }
  expect(await api.messages('buyer')).toEqual([]);
  expect(await api.messages('elsewhere')).toEqual([]);
});
