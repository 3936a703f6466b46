import { pick } from '@cairn/core';
import { admin, call, consent, track } from './client';
import { Ledger } from './ledger';
import { ChaosStack, WORKSPACE } from './stack';

/** The journeys, defined over REST as a user would (chaos/README.md lists them and what each user must get). */
export async function defineJourneys(stack: ChaosStack): Promise<void> {
  await admin(stack, 'messaging', 'POST', '/v1/channels', {
    key: 'hook',
    type: 'webhook',
    config: { url: stack.sink.url, secret: 'chaos-webhook-secret-0123456789', allowedAddresses: ['127.0.0.1'] },
  });
  const templates: Array<[string, 'transactional' | 'promotional']> = [
    ['cart-reminder', 'transactional'],
    ['receipt', 'transactional'],
    ['coupon', 'transactional'],
    ['welcome-back', 'transactional'],
    ['restock-notice', 'transactional'],
    ['promo-a', 'promotional'],
    ['promo-b', 'promotional'],
    ['deal', 'promotional'],
  ];
  for (const [key, category] of templates) {
    await admin(stack, 'messaging', 'POST', '/v1/templates', { key, channel: 'webhook', category, content: { json: { text: key } } });
  }
  // One promotion a day per customer across every journey: of promo-a and promo-b a customer gets one.
  await admin(stack, 'messaging', 'PUT', '/v1/frequency-policy', {
    rules: [{ scope: 'all', limit: 1, window: '24h', categories: ['promotional'] }],
    whenCapped: 'drop',
    compliance: 'none',
  });
  // Dormant 30 s after the last sign-in: a time-driven segment change, nothing else happens to the user.
  await admin(stack, 'segments', 'POST', '/v1/segments', { key: 'dormant', name: 'Dormant', condition: { event: 'Signed In', lastAt: { olderThan: '30s' } } });
  const send = (template: string, category: 'transactional' | 'promotional' = 'transactional') => ({
    type: 'send',
    channel: 'hook',
    template,
    category,
    next: null,
  });
  const onEvent = (key: string, event: string, mode: 'always' | 'once', template: string, category?: 'promotional') => ({
    key,
    name: key,
    entry: { event },
    reentry: { mode },
    exitOn: [],
    holdout: 0,
    start: 'send',
    steps: { send: send(template, category) },
  });
  const journeys = [
    {
      key: 'cart',
      name: 'Cart reminder, exit on order',
      entry: { event: 'Product Added' },
      reentry: { mode: 'always' },
      exitOn: [],
      holdout: 0,
      start: 'wait',
      steps: {
        wait: {
          type: 'waitUntil',
          event: 'Order Completed',
          match: { cartId: '{{ entry.properties.cartId }}' },
          timeout: '40s',
          onEvent: null,
          onTimeout: 'remind',
        },
        remind: send('cart-reminder'),
      },
    },
    onEvent('receipt', 'Order Completed', 'always', 'receipt'),
    onEvent('coupon', 'Flagship Viewed', 'once', 'coupon'),
    onEvent('promo-a', 'Promo A Viewed', 'once', 'promo-a', 'promotional'),
    onEvent('promo-b', 'Promo B Viewed', 'once', 'promo-b', 'promotional'),
    onEvent('deal', 'Deal Viewed', 'once', 'deal', 'promotional'),
    {
      key: 'welcome-back',
      name: 'Welcome back',
      entry: { segment: 'dormant', on: 'enter' },
      reentry: { mode: 'once' },
      exitOn: [],
      holdout: 0,
      start: 'send',
      steps: { send: send('welcome-back') },
    },
    {
      key: 'restock',
      name: 'Restock notice',
      entry: {
        catalogEvent: 'Product Restocked',
        maxEventAge: '1h',
        audience: { event: 'Product Added', matchItem: 'productId', within: '1d', notFollowedBy: 'Order Completed' },
      },
      reentry: { mode: 'always' },
      exitOn: [],
      holdout: 0,
      start: 'send',
      steps: { send: send('restock-notice') },
    },
  ];
  for (const j of journeys) {
    await admin(stack, 'journeys', 'POST', '/v1/journeys', j);
    await admin(stack, 'journeys', 'POST', `/v1/journeys/${j.key}/publish`);
  }
}

export const KINDS = ['abandoner', 'buyer', 'coupon', 'capped', 'withdrawer', 'sleeper', 'interested'] as const;

/** The users of a run: each plays one scenario (chaos/README.md), its kind drawn from the run's seeded generator. */
export class Scenarios {
  /** Interested users whose cart run did not show within 2 minutes (their product was not restocked). */
  unseenInterest = 0;

  constructor(
    private readonly stack: ChaosStack,
    private readonly ledger: Ledger,
    private readonly random: () => number,
  ) {}

  /** User n's scenario, played in order; the ledger learns what the user must get from what was accepted. */
  async play(n: number): Promise<void> {
    const { stack, ledger } = this;
    const user = `u-${n}`;
    const kind = pick(this.random, KINDS);
    switch (kind) {
      case 'coupon':
        for (let i = 0; i < 3; i++) if (await track(stack, ledger, user, 'Flagship Viewed', {}, `${user}-view-${i}`)) ledger.expect(user, 'coupon');
        return;
      case 'capped': {
        // Two promotions within the cap's day: exactly one of them reaches the customer, whichever is decided first.
        if ((await consent(stack, user, true)) === undefined) return;
        const a = await track(stack, ledger, user, 'Promo A Viewed', {}, `${user}-promo-a`);
        const b = await track(stack, ledger, user, 'Promo B Viewed', {}, `${user}-promo-b`);
        if (a && b) ledger.expect(user, 'promo-a', 'promo-b');
        else if (a) ledger.expect(user, 'promo-a');
        else if (b) ledger.expect(user, 'promo-b');
        return;
      }
      case 'withdrawer':
        // Consent given, then withdrawn: the promotion that follows is suppressed.
        if ((await consent(stack, user, true)) === undefined || (await consent(stack, user, false)) === undefined) return;
        await track(stack, ledger, user, 'Deal Viewed', {}, `${user}-deal`);
        return;
      case 'sleeper':
        if (await track(stack, ledger, user, 'Signed In', {}, `${user}-sign-in`)) ledger.expect(user, 'welcome-back');
        return;
      case 'interested':
        return this.interested(user, n);
      default: {
        const cartId = `c-${n}`;
        if (!(await track(stack, ledger, user, 'Product Added', { cartId }, `${user}-add`))) return;
        ledger.expect(user, 'cart-reminder');
        if (kind === 'buyer' && (await track(stack, ledger, user, 'Order Completed', { cartId }, `${user}-order`))) {
          ledger.expect(user, 'receipt');
          ledger.withdraw(user, 'cart-reminder');
        }
      }
    }
  }

  /**
   * Adds a product of their own to the cart, and once the journeys service has seen it (the cart run shows), the
   * product is restocked: the user gets the cart reminder and one restock notice.
   */
  private async interested(user: string, n: number): Promise<void> {
    const { stack, ledger } = this;
    const productId = `R-${n}`;
    if (!(await track(stack, ledger, user, 'Product Added', { cartId: `c-${n}`, productId }, `${user}-add`))) return;
    ledger.expect(user, 'cart-reminder');
    const deadline = Date.now() + 120_000;
    for (;;) {
      const runs = (await call(stack, 'journeys', 'GET', `/v1/users/${user}/journeys`, WORKSPACE.adminKeys[0])) as
        Array<{ journey: { key: string } }> | undefined;
      if (runs?.some((r) => r.journey.key === 'cart')) break;
      if (Date.now() > deadline) return void this.unseenInterest++;
      await new Promise((r) => setTimeout(r, 500));
    }
    const messageId = `${user}-restock`;
    const restock = { event: 'Product Restocked', itemId: productId, messageId };
    if ((await call(stack, 'events', 'POST', '/v1/catalog/events', WORKSPACE.writeKeys[0], restock)) === undefined) return;
    ledger.acceptedEvent(null, 'Product Restocked', messageId);
    ledger.expect(user, 'restock-notice');
  }
}
