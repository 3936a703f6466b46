/** Field scenarios about journeys and segments: cart abandonment, restock, the secret coupon, welcome-back after 30 days. */
import { channel, iso, send, template, user, type ParityScenario } from './parity-support';

export const cartAbandonment: ParityScenario = {
  id: 'parity-cart',
  title: 'cart reminder, and none after the cart is ordered',
  outcome: ['abandoner cart-abandonment SENT', 'other cart-abandonment SENT'],
  files: {
    ...channel,
    ...template('cart-reminder', '{{ user.name }}님, 장바구니에 담긴 {{ entry.properties.name }} 잊지 않으셨죠?'),
    'journeys/cart-abandonment.json': {
      key: 'cart-abandonment',
      name: 'Cart abandonment',
      entry: { event: 'Product Added', maxEventAge: '1h' },
      reentry: { mode: 'cooldown', cooldown: '1d' },
      exitOn: [{ event: 'Order Completed', where: { cartId: 'c-exit' } }],
      goal: { event: 'Order Completed', within: '3d' },
      holdout: 0,
      start: 'wait',
      steps: {
        wait: {
          type: 'waitUntil',
          event: 'Order Completed',
          match: { cartId: '{{ entry.properties.cartId }}' },
          timeout: '3s',
          onEvent: null,
          onTimeout: 'remind',
        },
        remind: send('cart-reminder'),
      },
    },
  },
  scenario: (start) => ({
    start: iso(start),
    until: '+8s',
    users: { abandoner: user('민지'), buyer: user('서준'), other: user('하은'), leaver: user('도윤') },
    events: [
      { at: '+0s', userId: 'abandoner', event: 'Product Added', properties: { cartId: 'c-1', name: '린넨 셔츠' } },
      { at: '+0s', userId: 'buyer', event: 'Product Added', properties: { cartId: 'c-2', name: '린넨 셔츠' } },
      { at: '+0s', userId: 'other', event: 'Product Added', properties: { cartId: 'c-3', name: '울 코트' } },
      { at: '+0s', userId: 'leaver', event: 'Product Added', properties: { cartId: 'c-4', name: '울 코트' } },
      { at: '+1s', userId: 'buyer', event: 'Order Completed', properties: { cartId: 'c-2' } },
      { at: '+1s', userId: 'other', event: 'Order Completed', properties: { cartId: 'c-old' } },
      { at: '+1s', userId: 'leaver', event: 'Order Completed', properties: { cartId: 'c-exit' } },
    ],
  }),
};

export const restock: ParityScenario = {
  id: 'parity-restock',
  title: 'restock notice to exactly the interested who did not order, once per interest',
  outcome: ['wanter restock-notice SENT', 'elsewhere restock-notice SENT', 'late restock-notice SENT'],
  files: {
    ...channel,
    ...template('restock-notice', '{{ user.name }}님, 기다리시던 {{ entry.properties.name }} 재입고!'),
    'journeys/restock-notice.json': {
      key: 'restock-notice',
      name: 'Restock notice',
      entry: {
        catalogEvent: 'Product Restocked',
        maxEventAge: '1d',
        audience: { event: 'Product Added', matchItem: 'productId', within: '30d', notFollowedBy: 'Order Completed' },
      },
      reentry: { mode: 'always' },
      holdout: 0,
      start: 'notify',
      steps: { notify: send('restock-notice') },
    },
  },
  scenario: (start) => ({
    start: iso(start),
    until: '+9s',
    users: { wanter: user('민지'), buyer: user('서준'), elsewhere: user('하은'), late: user('서아') },
    events: [
      { at: '+0s', userId: 'wanter', event: 'Product Added', properties: { productId: 'P-7' } },
      { at: '+0s', userId: 'buyer', event: 'Product Added', properties: { productId: 'P-7' } },
      { at: '+0s', userId: 'elsewhere', event: 'Product Added', properties: { productId: 'P-8' } },
      { at: '+500ms', userId: 'buyer', event: 'Order Completed', properties: { products: [{ productId: 'P-7' }] } },
      { at: '+2s', catalogEvent: 'Product Restocked', itemId: 'P-7', properties: { name: '린넨 셔츠' } },
      { at: '+3s', catalogEvent: 'Product Restocked', itemId: 'P-7', properties: { name: '린넨 셔츠' } },
      { at: '+3s', catalogEvent: 'Product Restocked', itemId: 'P-8', properties: { name: '울 코트' } },
      { at: '+4s', userId: 'late', event: 'Product Added', properties: { productId: 'P-7' } },
      { at: '+6s', catalogEvent: 'Product Restocked', itemId: 'P-7', properties: { name: '린넨 셔츠' } },
    ],
  }),
};

export const secretCoupon: ParityScenario = {
  id: 'parity-secret',
  title: 'secret coupon after 3-5 flagship views, once, however often the segment is entered again',
  outcome: [
    'hot entry-tracker SENT',
    'hot flagship-secret-coupon SENT',
    'hot entry-tracker SENT',
    'twin entry-tracker SENT',
    'twin flagship-secret-coupon SENT',
  ],
  files: {
    ...channel,
    ...template('flagship-secret', '{{ user.name }}님만을 위한 시크릿 쿠폰: {{ coupon.code }}'),
    ...template('entry-tracker', 'entered flagship-hot'),
    'coupon-pools/flagship-secret.json': { mode: 'generated', prefix: 'SECRET-', length: 8 },
    'segments/flagship-hot.json': {
      key: 'flagship-hot',
      name: 'Viewed the flagship 3-5 times and did not order',
      condition: {
        all: [
          { event: 'Product Viewed', where: { productId: 'P-100' }, count: { min: 3, max: 5 }, within: '6s' },
          { not: { event: 'Order Completed', within: '7d' } },
        ],
      },
    },
    'journeys/flagship-secret-coupon.json': {
      key: 'flagship-secret-coupon',
      name: 'Secret coupon',
      entry: { segment: 'flagship-hot', on: 'enter' },
      reentry: { mode: 'once' },
      holdout: 0,
      start: 'coupon',
      steps: { coupon: send('flagship-secret', 'promotional', { coupon: { pool: 'flagship-secret' } }) },
    },
    'journeys/entry-tracker.json': {
      key: 'entry-tracker',
      name: 'Tracker',
      entry: { segment: 'flagship-hot', on: 'enter' },
      reentry: { mode: 'always' },
      holdout: 0,
      start: 'track',
      steps: { track: send('entry-tracker', 'transactional') },
    },
  },
  scenario: (start) => {
    const view = (userId: string, at: string) => ({ at, userId, event: 'Product Viewed', properties: { productId: 'P-100' } });
    return {
      start: iso(start),
      until: '+10s',
      users: { hot: user('민지'), twin: user('지우'), buyer: user('서준'), glance: user('하은') },
      events: [
        { at: '+0s', userId: 'buyer', event: 'Order Completed', properties: { orderId: 'o-1' } },
        ...['+200ms', '+400ms', '+600ms'].flatMap((at) => [view('hot', at), view('twin', at), view('buyer', at)]),
        view('glance', '+600ms'),
        ...['+2s', '+2200ms', '+2400ms'].map((at) => view('hot', at)),
      ],
    };
  },
  mask: (text) => text.replace(/SECRET-[A-Z2-9]{8}/g, 'SECRET-<code>'),
};

export const welcomeBack: ParityScenario = {
  id: 'parity-welcome',
  title: 'welcome-back coupon after 30 days of silence since the last order, by the clock; "returning" at the next sign-in',
  outcome: ['jiwoo welcome-back SENT'],
  files: {
    ...channel,
    ...template('welcome-back', '{{ user.name }}님, 다시 만나 반가워요! 3,000원 쿠폰: {{ coupon.code }}'),
    'coupon-pools/welcome-back.json': { mode: 'list', codes: ['WB-0001', 'WB-0002'] },
    'segments/dormant.json': {
      key: 'dormant',
      name: 'Dormant: no order and no sign-in for 30d',
      condition: {
        all: [
          { event: 'Order Completed', lastAt: { olderThan: '30d' } },
          { event: 'Signed In', count: { max: 0 }, within: '30d' },
        ],
      },
    },
    'segments/returning.json': {
      key: 'returning',
      name: 'Returning: no order for 30d, but signed in within 30d',
      condition: {
        all: [
          { event: 'Order Completed', lastAt: { olderThan: '30d' } },
          { event: 'Signed In', within: '30d' },
        ],
      },
    },
    'journeys/welcome-back.json': {
      key: 'welcome-back',
      name: 'Welcome-back coupon',
      entry: { segment: 'dormant', on: 'enter' },
      reentry: { mode: 'cooldown', cooldown: '30d' },
      holdout: 0,
      start: 'coupon',
      steps: { coupon: send('welcome-back', 'promotional', { coupon: { pool: 'welcome-back' } }) },
    },
  },
  // The order is history: 30 days less 3 seconds before the start, so the 30 days of silence end 3 s into the run.
  scenario: (start) => ({
    start: iso(start),
    until: '+8s',
    users: { jiwoo: user('지우'), active: user('하은') },
    events: [
      { at: '-29d23h59m57s', userId: 'jiwoo', event: 'Order Completed', properties: { orderId: 'o-1' } },
      { at: '-29d23h59m57s', userId: 'active', event: 'Order Completed', properties: { orderId: 'o-2' } },
      { at: '+1s', userId: 'active', event: 'Signed In' },
      { at: '+5s', userId: 'jiwoo', event: 'Signed In' },
    ],
  }),
};
