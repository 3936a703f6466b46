import { waitFor } from '@cairn/testing';
import { WorkspaceApi } from '../support/api';
import { ADVERTISING, CHANNEL, scenario, sendStep } from './scenario';

/**
 * One identity from first visit to purchase: most carts start anonymous, and
 * the shopper signs in before (or instead of) ordering. The guest's cart run,
 * history and segments continue as the known user's.
 */
async function cartJourney(api: WorkspaceApi): Promise<void> {
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
        timeout: '4s',
        onEvent: null,
        onTimeout: 'remind',
      },
      remind: sendStep('cart-reminder'),
    },
  });
}

/** The guest's cart add, and its run in journeys (a guest spends a while before signing in). */
async function guestAddsToCart(api: WorkspaceApi, guest: string, cartId: string): Promise<void> {
  await api.trackAnonymous(guest, 'Product Added', { cartId, productId: 'P-200', name: '린넨 셔츠' });
  await waitFor(async () => (await api.runs(guest)).length === 1, { what: "the guest's cart run" });
}

export const guestSignsInWithoutOrder = scenario(
  'guest-cart-sign-in',
  'a guest adds to cart, signs in and does not order: exactly one cart reminder, to the known user',
  async (api) => {
    await cartJourney(api);
    await api.consent('minji', ADVERTISING);
    await guestAddsToCart(api, 'guest-7f3a', 'c-1');
    await api.signIn('minji', 'guest-7f3a', { name: '민지' });

    const [reminder] = await api.waitForMessages('minji', (m) => m.length > 0, "minji's reminder");
    expect([reminder.journey, reminder.status, reminder.content.text]).toEqual([
      'cart-abandonment',
      'SENT',
      '민지님, 장바구니에 담긴 린넨 셔츠 잊지 않으셨죠?',
    ]);
    await waitFor(async () => (await api.runs('minji')).every((r) => r.status !== 'active'), { what: "minji's run to end" });
    expect((await api.runs('minji')).map((r) => [r.journey.key, r.status])).toEqual([['cart-abandonment', 'completed']]);
    expect(await api.runs('guest-7f3a')).toEqual([]);
    expect(await api.messages('minji')).toHaveLength(1);
    expect(await api.messages('guest-7f3a')).toEqual([]);
  },
);

export const guestSignsInAndOrders = scenario('guest-cart-order', 'a guest adds to cart, signs in and orders: no reminder', async (api) => {
  await cartJourney(api);
  await api.consent('seojun', ADVERTISING);
  await guestAddsToCart(api, 'guest-1c9e', 'c-2');
  await api.signIn('seojun', 'guest-1c9e', { name: '서준' });
  await api.track('seojun', 'Order Completed', { cartId: 'c-2', orderId: 'o-2' });

  await waitFor(async () => (await api.runs('seojun')).some((r) => r.status === 'completed'), { what: "seojun's run to end on the order" });
  expect((await api.runs('seojun')).map((r) => [r.journey.key, r.status, r.step])).toEqual([['cart-abandonment', 'completed', null]]);
  // A later customer's reminder proves the wait is over for everyone: still nothing for seojun.
  await api.consent('later', ADVERTISING);
  await api.identify('later', { name: '나중' });
  await api.track('later', 'Product Added', { cartId: 'c-3', productId: 'P-200', name: '린넨 셔츠' });
  await api.waitForMessages('later', (m) => m.length > 0, "the later customer's reminder");
  expect(await api.messages('seojun')).toEqual([]);
  expect(await api.messages('guest-1c9e')).toEqual([]);
});

export const guestViewsFlagship = scenario(
  'guest-flagship',
  'a guest views the flagship twice, signs in and views it once more: enters flagship-hot',
  async (api) => {
    await api.segment({
      key: 'flagship-hot',
      name: 'Viewed the flagship 3-5 times this week and did not order',
      condition: {
        all: [
          { event: 'Product Viewed', where: { productId: 'P-100' }, count: { min: 3, max: 5 }, within: '7d' },
          { not: { event: 'Order Completed', within: '7d' } },
        ],
      },
    });
    await api.trackAnonymous('guest-52d0', 'Product Viewed', { productId: 'P-100' });
    await api.trackAnonymous('guest-52d0', 'Product Viewed', { productId: 'P-100' });
    await api.signIn('jiwoo', 'guest-52d0', { name: '지우' });
    await api.track('jiwoo', 'Product Viewed', { productId: 'P-100' });

    expect(await api.waitForSegments('jiwoo', (keys) => keys.includes('flagship-hot'), 'jiwoo to enter flagship-hot')).toEqual(['flagship-hot']);
    await waitFor(async () => (await api.eventsInWindow('jiwoo', 'flagship-hot', 'Product Viewed')) === 3, { what: 'the three views counted for jiwoo' });
    expect(await api.segments('guest-52d0')).toEqual([]);
  },
);
