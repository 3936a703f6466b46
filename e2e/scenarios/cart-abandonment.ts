import { waitFor } from '@cairn/testing';
import { ADVERTISING, CHANNEL, scenario, sendStep } from './scenario';

/**
 * Cart abandonment with a 3-second wait: the customer who does not order
 * gets one reminder naming the item; the one who orders that cart during the
 * wait gets nothing; an order of another cart does not count.
 */
export const cartAbandonment = scenario('cart-abandonment', 'cart abandonment: a reminder without an order during the wait, nothing with one', async (api) => {
  await api.channel(CHANNEL);
  await api.template('cart-reminder', '{{ user.name }}님, 장바구니에 담긴 {{ entry.properties.name }} 잊지 않으셨죠?');
  await api.journey({
    key: 'cart-abandonment',
    name: 'Cart abandonment',
    entry: { event: 'Product Added', maxEventAge: '1h' },
    reentry: { mode: 'cooldown', cooldown: '1d' },
    exitOn: [],
    goal: { event: 'Order Completed', within: '3d' },
    holdout: 0,
    start: 'wait-for-order',
    steps: {
      'wait-for-order': {
        type: 'waitUntil',
        event: 'Order Completed',
        match: { cartId: '{{ entry.properties.cartId }}' },
        timeout: '3s',
        onEvent: null,
        onTimeout: 'remind',
      },
      remind: sendStep('cart-reminder'),
    },
  });
  const users = { abandoner: '민지', buyer: '서준', other: '하은' };
  for (const [user, name] of Object.entries(users)) {
    await api.identify(user, { name });
    await api.consent(user, ADVERTISING);
  }
  await api.track('abandoner', 'Product Added', { cartId: 'c-1', productId: 'P-200', name: '린넨 셔츠' });
  await api.track('buyer', 'Product Added', { cartId: 'c-2', productId: 'P-200', name: '린넨 셔츠' });
  await api.track('other', 'Product Added', { cartId: 'c-3', productId: 'P-300', name: '울 코트' });
  await api.track('buyer', 'Order Completed', { cartId: 'c-2', orderId: 'o-2' });
  await api.track('other', 'Order Completed', { cartId: 'c-old', orderId: 'o-3' });

  const abandoner = await api.waitForMessages('abandoner', (m) => m.length > 0, "the abandoner's reminder");
  const other = await api.waitForMessages('other', (m) => m.length > 0, 'the reminder for the cart that was not ordered');
  await waitFor(async () => (await api.runs('buyer')).some((r) => r.status !== 'active'), { what: "the buyer's run to end" });

  expect(abandoner.map((m) => [m.journey, m.step, m.status, m.content.text])).toEqual([
    ['cart-abandonment', 'remind', 'SENT', '민지님, 장바구니에 담긴 린넨 셔츠 잊지 않으셨죠?'],
  ]);
  expect(other.map((m) => [m.status, m.content.text])).toEqual([['SENT', '하은님, 장바구니에 담긴 울 코트 잊지 않으셨죠?']]);
  expect(await api.runs('buyer')).toEqual([expect.objectContaining({ journey: expect.objectContaining({ key: 'cart-abandonment' }), status: 'completed' })]);
  expect(await api.messages('buyer')).toEqual([]);
});
