/**
 * What `npm start` installs into the dev workspace: the field scenarios of
 * docs/design.md §1 as data, with waits short enough to watch. The journeys are the
 * journeys service's ready-made ones, installed through its API with the step
 * waits scaled down and no holdout.
 */

/** The channel key the ready-made journeys send on; a `log` channel in the demo. */
export const DEMO_CHANNEL = 'kakao';
/** Quiet time after the last order before a demo customer counts as dormant. */
export const DEMO_DORMANT_AFTER = '2m';
/** The flagship product of the secret-coupon campaign. */
export const DEMO_FLAGSHIP = 'P-100';

export const DEMO_SEGMENTS = [
  {
    key: 'flagship-hot',
    name: 'Viewed the flagship 3-5 times this week and did not order',
    condition: {
      all: [
        { event: 'Product Viewed', where: { productId: DEMO_FLAGSHIP }, count: { min: 3, max: 5 }, within: '7d' },
        { not: { event: 'Order Completed', within: '7d' } },
      ],
    },
  },
];

interface DemoTemplate {
  key: string;
  category: 'promotional' | 'transactional';
  /** The variant without a locale: what every user without an `en` locale trait gets. */
  ko: string;
  /** The `en` variant, for users whose `locale` trait is English. */
  en: string;
}

/** One template per ready-made journey, in Korean (the default) and English; only variables every run has. */
const TEMPLATE_COPY: DemoTemplate[] = [
  {
    key: 'cart-reminder',
    category: 'promotional',
    ko: '장바구니에 담아 두신 상품, 잊지 않으셨죠? 오늘 주문하시면 무료 배송해 드려요.',
    en: 'Still thinking it over? The items in your cart ship free if you order today.',
  },
  {
    key: 'welcome-back',
    category: 'promotional',
    ko: '오랜만이에요! 다시 오신 걸 환영하며 3,000원 쿠폰을 드려요: {{ coupon.code }}',
    en: 'We missed you! Here is a ₩3,000 welcome-back coupon: {{ coupon.code }}',
  },
  {
    key: 'restock-notice',
    category: 'promotional',
    ko: '기다리시던 상품이 다시 입고되었어요. 품절 전에 만나 보세요!',
    en: 'Good news: the item you wanted is back in stock. Grab it before it sells out!',
  },
  {
    key: 'flagship-secret',
    category: 'promotional',
    ko: '고객님께만 드리는 시크릿 쿠폰: {{ coupon.code }} (1회 한정)',
    en: 'A secret coupon just for you: {{ coupon.code }} (one use only)',
  },
  {
    key: 'first-order-follow-up',
    category: 'transactional',
    ko: '첫 주문 감사합니다! 배송 현황은 마이페이지에서 확인하실 수 있어요.',
    en: 'Thank you for your first order! You can follow its delivery in your account.',
  },
];

/** `POST /v1/templates` bodies: per key the Korean variant (no locale) first, then the English one. */
export const DEMO_TEMPLATES: Array<Record<string, unknown> & { key: string }> = TEMPLATE_COPY.flatMap((t) => [
  { key: t.key, channel: 'kakao', category: t.category, content: { text: t.ko } },
  { key: t.key, channel: 'kakao', category: t.category, locale: 'en', content: { text: t.en } },
]);

export const DEMO_COUPON_POOLS: Record<string, Record<string, unknown>> = {
  'welcome-back': { mode: 'generated', prefix: 'WB-', length: 8 },
  'flagship-secret': { mode: 'generated', prefix: 'SECRET-', length: 8 },
};

/** The ready-made journeys with demo waits (1h becomes 10s, 1d becomes 4m) and no holdout, so every demo user sees the message. */
export const DEMO_READY_MADE = { waitScale: 1 / 360, holdout: 0, channel: DEMO_CHANNEL };
