/**
 * Ready-made journeys a workspace can install: the field scenarios of
 * docs/design.md §1. Each is a plain journey body that passes validateJourney once
 * the workspace has the templates, channel, segments and coupon pools named
 * below.
 */
import { formatDuration, parseDuration } from '@cairn/core';
import type { Duration } from '@cairn/core';
import type { JourneyDefinition } from './journey.types';

export interface ReadyMadeOptions {
  /**
   * Multiplies the waits and timeouts of the steps (not entry ages, goals or
   * cool-downs), so a demo can run in seconds: 1/3600 turns 1h into 1s.
   * Default 1. A scaled wait is never shorter than 1 ms.
   */
  waitScale?: number;
  /** The channel every message goes out on; default `kakao`. */
  channel?: string;
  /** Replaces each journey's holdout share (a demo uses 0 so everyone gets the message). */
  holdout?: number;
}

export const READY_MADE_TEMPLATES = ['cart-reminder', 'welcome-back', 'restock-notice', 'flagship-secret', 'first-order-follow-up'] as const;
export const READY_MADE_SEGMENTS = ['dormant', 'flagship-hot', 'new'] as const;
export const READY_MADE_COUPON_POOLS = ['welcome-back', 'flagship-secret'] as const;

function scaler(options: ReadyMadeOptions): (d: Duration) => Duration {
  const scale = options.waitScale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError('waitScale must be a positive number');
  return (d) => formatDuration(Math.max(1, Math.round(parseDuration(d) * scale)));
}

export function cartAbandonment(options: ReadyMadeOptions = {}): JourneyDefinition {
  const wait = scaler(options);
  return {
    key: 'cart-abandonment',
    name: 'Cart abandonment',
    description: 'Reminds people who put items in the cart and did not order within the hour.',
    entry: { event: 'Product Added', maxEventAge: '1h' },
    reentry: { mode: 'cooldown', cooldown: '1d' },
    exitOn: [{ event: 'Order Completed' }],
    goal: { event: 'Order Completed', within: '3d' },
    holdout: 0.1,
    start: 'wait-for-order',
    steps: {
      'wait-for-order': {
        type: 'waitUntil',
        event: 'Order Completed',
        match: { cartId: '{{ entry.properties.cartId }}' },
        timeout: wait('1h'),
        onEvent: null,
        onTimeout: 'remind',
      },
      remind: {
        type: 'send',
        channel: options.channel ?? 'kakao',
        template: 'cart-reminder',
        category: 'promotional',
        next: null,
      },
    },
  };
}

export function welcomeBack(options: ReadyMadeOptions = {}): JourneyDefinition {
  return {
    key: 'welcome-back',
    name: 'Welcome-back coupon',
    description: 'A coupon for customers who went quiet after their last purchase.',
    entry: { segment: 'dormant', on: 'enter' },
    reentry: { mode: 'cooldown', cooldown: '30d' },
    exitOn: [],
    goal: { event: 'Order Completed', within: '14d' },
    holdout: 0.1,
    start: 'coupon',
    steps: {
      coupon: {
        type: 'send',
        channel: options.channel ?? 'kakao',
        template: 'welcome-back',
        category: 'promotional',
        coupon: { pool: 'welcome-back' },
        next: null,
      },
    },
  };
}

export function restockNotice(options: ReadyMadeOptions = {}): JourneyDefinition {
  return {
    key: 'restock-notice',
    name: 'Restock notice',
    description: 'Tells people who wanted a product and did not buy it that it is back in stock.',
    entry: {
      catalogEvent: 'Product Restocked',
      maxEventAge: '1d',
      audience: { event: 'Product Added', matchItem: 'productId', within: '30d', notFollowedBy: 'Order Completed' },
    },
    reentry: { mode: 'always' },
    exitOn: [],
    goal: { event: 'Order Completed', within: '3d' },
    holdout: 0,
    start: 'notify',
    steps: {
      notify: {
        type: 'send',
        channel: options.channel ?? 'kakao',
        template: 'restock-notice',
        category: 'promotional',
        next: null,
      },
    },
  };
}

export function flagshipSecretCoupon(options: ReadyMadeOptions = {}): JourneyDefinition {
  return {
    key: 'flagship-secret-coupon',
    name: 'Secret coupon for the flagship',
    description: 'Once per customer: a secret coupon for people who keep looking at the flagship without buying.',
    entry: { segment: 'flagship-hot', on: 'enter' },
    reentry: { mode: 'once' },
    exitOn: [],
    goal: { event: 'Order Completed', within: '7d' },
    holdout: 0.1,
    start: 'secret-coupon',
    steps: {
      'secret-coupon': {
        type: 'send',
        channel: options.channel ?? 'kakao',
        template: 'flagship-secret',
        category: 'promotional',
        coupon: { pool: 'flagship-secret' },
        next: null,
      },
    },
  };
}

export function firstOrderFollowUp(options: ReadyMadeOptions = {}): JourneyDefinition {
  const wait = scaler(options);
  return {
    key: 'first-order-follow-up',
    name: 'First-order follow-up',
    description: 'A day after a customer becomes "new", a service message about their first order.',
    entry: { segment: 'new', on: 'enter' },
    reentry: { mode: 'once' },
    exitOn: [],
    holdout: 0,
    start: 'wait-a-day',
    steps: {
      'wait-a-day': { type: 'wait', duration: wait('1d'), next: 'follow-up' },
      'follow-up': {
        type: 'send',
        channel: options.channel ?? 'kakao',
        template: 'first-order-follow-up',
        category: 'transactional',
        next: null,
      },
    },
  };
}

export function readyMadeJourneys(options: ReadyMadeOptions = {}): JourneyDefinition[] {
  const all = [cartAbandonment, welcomeBack, restockNotice, flagshipSecretCoupon, firstOrderFollowUp].map((make) => make(options));
  return options.holdout === undefined ? all : all.map((j) => ({ ...j, holdout: options.holdout! }));
}
