import { accepted, eitherWay, HostileRequest, refusedAny } from './corpus-types';

const HUGE = '999999999w';

/** Each definition gets a key of its own, so that one accepted cannot make the next answer 409. */
let serial = 0;
const nextKey = () => `absurd-${++serial}`;

const segment = (name: string, condition: unknown, expect: HostileRequest['expect'], pending?: string, key = nextKey()): HostileRequest => ({
  name: `segment: ${name}`,
  path: '/v1/segments',
  auth: 'admin',
  body: { key, name, condition },
  expect,
  ...(pending && { pending }),
});

const journey = (name: string, overrides: Record<string, unknown>, expect: HostileRequest['expect'], pending?: string, key = nextKey()): HostileRequest => ({
  name: `journey: ${name}`,
  path: '/v1/journeys',
  auth: 'admin',
  body: {
    key,
    name,
    entry: { event: 'Product Added' },
    reentry: { mode: 'always' },
    start: 'send',
    steps: { send: { type: 'send', channel: 'log', template: 'hostile-loop', category: 'transactional', next: null } },
    ...overrides,
  },
  expect,
  ...(pending && { pending }),
});

const waitThen = (duration: string) => ({ start: 'wait', steps: { wait: { type: 'wait', duration, next: null } } });
const anyOf = (n: number) => ({ any: Array.from({ length: n }, (_, i) => ({ trait: `t${i}`, op: 'eq', value: i })) });
const notNested = (depth: number): unknown => (depth === 0 ? { trait: 't', op: 'exists' } : { not: notNested(depth - 1) });

/** Absurd segment, journey, template, channel and policy definitions posted with the admin key. */
export const DEFINITIONS: HostileRequest[] = [
  segment('a window of 999,999,999 weeks', { event: 'E', count: { min: 1 }, within: HUGE }, refusedAny()),
  segment('lastAt older than 999,999,999 weeks', { event: 'E', lastAt: { olderThan: HUGE } }, refusedAny()),
  segment('a zero window', { event: 'E', count: { min: 1 }, within: '0s' }, refusedAny()),
  segment('a negative count', { event: 'E', count: { min: -1 }, within: '7d' }, refusedAny()),
  segment('a count of 1e308', { event: 'E', count: { min: 1e308 }, within: '7d' }, refusedAny()),
  segment('min above max', { event: 'E', count: { min: 5, max: 1 }, within: '7d' }, refusedAny()),
  segment('an unknown operator', { trait: 't', op: 'regex', value: '(a+)+$' }, refusedAny()),
  segment('itself', { segment: 'absurd-self' }, refusedAny(), undefined, 'absurd-self'),
  segment('a segment that does not exist', { segment: 'nowhere' }, refusedAny()),
  segment('conditions nested 30 deep', notNested(30), refusedAny()),
  segment('an any of 2,000 conditions', anyOf(2000), eitherWay),
  segment(
    'a where with an operator object of every kind',
    { event: 'E', where: { price: { gte: 'x', lt: null, in: 5, contains: {} } }, within: '7d' },
    refusedAny(),
  ),
  segment('a condition that is a string', 'everyone', refusedAny()),
  segment('a key with capitals and spaces', { trait: 't', op: 'exists' }, refusedAny(), undefined, 'Not A Key'),
  segment('a key of 1,000 characters', { trait: 't', op: 'exists' }, refusedAny(), undefined, 'k'.repeat(1000)),
  {
    name: 'segment lifecycle: dormant after 999,999,999 weeks',
    path: '/v1/segments/lifecycle',
    auth: 'admin',
    body: { dormantAfter: HUGE },
    expect: refusedAny(),
  },
  { name: 'segment lifecycle: loyal after a billion orders', path: '/v1/segments/lifecycle', auth: 'admin', body: { loyalOrders: 1e9 }, expect: eitherWay },
  { name: 'segment preview with 2,000 conditions', path: '/v1/segments/preview', auth: 'admin', body: { condition: anyOf(2000) }, expect: eitherWay },
  {
    name: 'audience query with a 999,999,999-week window',
    path: '/v1/audiences/query',
    auth: 'admin',
    body: { event: 'Product Added', within: HUGE },
    expect: refusedAny(),
  },
  journey('a wait of 999,999,999 weeks', waitThen(HUGE), refusedAny(), undefined, 'absurd-wait'),
  { name: 'journey: publish the 999,999,999-week wait', method: 'POST', path: '/v1/journeys/absurd-wait/publish', auth: 'admin', expect: refusedAny() },
  {
    name: 'journey: an event entering the 999,999,999-week wait, if it was published',
    path: '/v1/track',
    auth: 'write',
    body: { userId: 'h-wait', event: 'Product Added', messageId: 'hostile-enter-wait' },
    expect: accepted,
  },
  journey('a re-entry cool-down of 999,999,999 weeks', { reentry: { mode: 'cooldown', cooldown: HUGE } }, refusedAny()),
  journey('a goal window of 999,999,999 weeks', { goal: { event: 'Order Completed', within: HUGE } }, refusedAny()),
  journey('a maxEventAge of 999,999,999 weeks', { entry: { event: 'Product Added', maxEventAge: HUGE } }, refusedAny()),
  journey(
    'a waitUntil timeout of 999,999,999 weeks',
    { start: 'w', steps: { w: { type: 'waitUntil', event: 'Order Completed', timeout: HUGE, onEvent: null, onTimeout: null } } },
    refusedAny(),
  ),
  journey(
    'a loop without a wait',
    {
      start: 'a',
      steps: {
        a: { type: 'branch', if: { trait: 't', op: 'exists' }, then: 'b', else: 'b' },
        b: { type: 'branch', if: { trait: 't', op: 'exists' }, then: 'a', else: 'a' },
      },
    },
    refusedAny(),
  ),
  journey(
    'a send loop through a one-second wait',
    {
      start: 'send',
      steps: {
        send: { type: 'send', channel: 'log', template: 'hostile-loop', category: 'transactional', next: 'wait' },
        wait: { type: 'wait', duration: '1s', next: 'send' },
      },
    },
    refusedAny(),
  ),
  journey('a wait of zero', waitThen('0s'), refusedAny()),
  journey('a step pointing nowhere', { start: 'a', steps: { a: { type: 'wait', duration: '1h', next: 'nowhere' } } }, refusedAny()),
  journey('no start step', { start: 'missing' }, refusedAny()),
  journey('a holdout of 150%', { holdout: 1.5 }, refusedAny()),
  journey(
    'a negative split weight',
    {
      start: 's',
      steps: {
        s: {
          type: 'split',
          paths: [
            { weight: -1, next: null },
            { weight: 2, next: null },
          ],
        },
      },
    },
    refusedAny(),
  ),
  journey(
    '500 steps',
    {
      start: 's0',
      steps: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`s${i}`, { type: 'wait', duration: '1h', next: i < 499 ? `s${i + 1}` : null }])),
    },
    refusedAny(),
  ),
  journey('a schedule every second', { entry: { schedule: '* * * * * *', segment: 'hostile-all' } }, refusedAny()),
  journey('a schedule that is not cron', { entry: { schedule: 'whenever', segment: 'hostile-all' } }, refusedAny()),
  journey(
    'a match value with Liquid in it (a literal: match values are plain references, never rendered)',
    {
      start: 'w',
      steps: {
        w: {
          type: 'waitUntil',
          event: 'Order Completed',
          match: { cartId: '{% for i in (1..100000000) %}x{% endfor %}' },
          timeout: '1h',
          onEvent: null,
          onTimeout: null,
        },
      },
    },
    eitherWay,
  ),
  { name: 'journey: publish one that does not exist', path: '/v1/journeys/nothing-here/publish', method: 'POST', auth: 'admin', expect: refusedAny() },
  {
    name: 'coupon pool: a million generated codes',
    method: 'PUT',
    path: '/v1/coupon-pools/huge',
    auth: 'admin',
    body: { mode: 'generated', prefix: 'X-', length: 1000000 },
    expect: refusedAny(),
  },
  {
    name: 'coupon pool: codes with NUL-free control characters',
    method: 'PUT',
    path: '/v1/coupon-pools/ctl',
    auth: 'admin',
    body: { mode: 'list', codes: ['A\nB', 'C\rD'] },
    expect: eitherWay,
  },
  // templates and Liquid
  {
    name: 'template: preview a loop of 10^12 iterations',
    path: '/v1/templates/hostile-loop/preview',
    auth: 'admin',
    body: { context: {} },
    expect: refusedAny(),
  },
  {
    name: 'template: a loop of ten million silent iterations',
    path: '/v1/templates',
    auth: 'admin',
    body: {
      key: 'cpu',
      channel: 'log',
      category: 'transactional',
      content: { text: '{% for i in (1..10000) %}{% for j in (1..1000) %}{% endfor %}{% endfor %}ok' },
    },
    expect: eitherWay,
  },
  {
    name: 'template: preview the silent loop (the render limit)',
    path: '/v1/templates/cpu/preview',
    auth: 'admin',
    body: { context: {} },
    expect: refusedAny(),
  },
  {
    name: 'template: thirty loops, each under the render limit alone',
    path: '/v1/templates',
    auth: 'admin',
    body: {
      key: 'cpu-many',
      channel: 'log',
      category: 'transactional',
      content: { text: '{% for i in (1..300) %}{% for j in (1..1000) %}{% endfor %}{% endfor %}'.repeat(30) },
    },
    expect: eitherWay,
  },
  {
    name: 'template: preview the thirty loops (one budget for the whole render)',
    path: '/v1/templates/cpu-many/preview',
    auth: 'admin',
    body: { context: {} },
    expect: refusedAny(),
  },
  {
    name: 'template: include a file',
    path: '/v1/templates',
    auth: 'admin',
    body: { key: 'inc', channel: 'log', content: { text: "{% include '/etc/passwd' %}" } },
    expect: refusedAny(),
  },
  {
    name: 'template: render itself',
    path: '/v1/templates',
    auth: 'admin',
    body: { key: 'self', channel: 'log', content: { text: "{% render 'self' %}" } },
    expect: refusedAny(),
  },
  {
    name: 'template: a string doubled 40 times (storing it is harmless)',
    path: '/v1/templates',
    auth: 'admin',
    body: {
      key: 'double',
      channel: 'log',
      content: { text: '{% assign s = "xx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}' },
    },
    expect: eitherWay,
  },
  { name: 'template: preview the string doubled 40 times', path: '/v1/templates/double/preview', auth: 'admin', body: { context: {} }, expect: refusedAny() },
  {
    name: 'template: preview with a hostile context',
    path: '/v1/templates/hostile-loop/preview',
    auth: 'admin',
    body: '{"context":{"user":{"__proto__":{"x":1}}}}',
    expect: refusedAny(),
  },
  {
    name: 'template: a syntax error',
    path: '/v1/templates',
    auth: 'admin',
    body: { key: 'broken', channel: 'log', content: { text: '{% for %}' } },
    expect: refusedAny(),
  },
  {
    name: 'template: reach the prototype of the context',
    path: '/v1/templates',
    auth: 'admin',
    body: { key: 'proto', channel: 'log', content: { text: '{{ user.constructor.constructor }}{{ user["__proto__"] }}' } },
    expect: eitherWay,
  },
  {
    name: 'template: preview reaching the prototype',
    path: '/v1/templates/proto/preview',
    auth: 'admin',
    body: { context: { user: { name: 'x' } } },
    expect: eitherWay,
  },
  // channels and egress
  {
    name: 'channel: a webhook to the metadata address',
    path: '/v1/channels',
    auth: 'admin',
    body: { key: 'meta', type: 'webhook', config: { url: 'http://169.254.169.254/latest/meta-data/' } },
    expect: eitherWay,
  },
  {
    name: 'channel: a webhook allow-listing the metadata address itself',
    path: '/v1/channels',
    auth: 'admin',
    body: { key: 'meta-open', type: 'webhook', config: { url: 'http://169.254.169.254/latest/meta-data/', allowedAddresses: ['169.254.169.254'] } },
    expect: refusedAny(),
  },
  {
    name: 'channel: a webhook to a file URL',
    path: '/v1/channels',
    auth: 'admin',
    body: { key: 'file', type: 'webhook', config: { url: 'file:///etc/passwd' } },
    expect: refusedAny(),
  },
  { name: 'channel: an unknown type', path: '/v1/channels', auth: 'admin', body: { key: 'odd', type: 'carrier-pigeon', config: {} }, expect: refusedAny() },
  // policy and consents
  {
    name: 'frequency policy: a window of 999,999,999 weeks',
    method: 'PUT',
    path: '/v1/frequency-policy',
    auth: 'admin',
    body: { rules: [{ scope: 'all', limit: 1, window: HUGE }], whenCapped: 'defer' },
    expect: refusedAny(),
  },
  {
    name: 'frequency policy: a negative limit',
    method: 'PUT',
    path: '/v1/frequency-policy',
    auth: 'admin',
    body: { rules: [{ scope: 'all', limit: -1, window: '1d' }] },
    expect: refusedAny(),
  },
  {
    name: 'frequency policy: quiet hours at 25:00',
    method: 'PUT',
    path: '/v1/frequency-policy',
    auth: 'admin',
    body: { rules: [], quietHours: { start: '25:00', end: '08:00' } },
    expect: refusedAny(),
  },
  {
    name: 'consents: an unknown channel key shape',
    method: 'PUT',
    path: '/v1/users/u/consents',
    auth: 'admin',
    body: { channels: { 'bad key!': { advertising: true } }, source: 'x' },
    expect: refusedAny(),
  },
  {
    name: 'consents: advertising as a string',
    method: 'PUT',
    path: '/v1/users/u/consents',
    auth: 'admin',
    body: { channels: { sms: { advertising: 'yes' } } },
    expect: refusedAny(),
  },
  {
    name: 'consents: a 257-character userId',
    method: 'PUT',
    path: `/v1/users/${'u'.repeat(257)}/consents`,
    auth: 'admin',
    body: { channels: { sms: { advertising: true } } },
    expect: refusedAny(),
  },
  {
    name: 'consents: 10,000 channels',
    method: 'PUT',
    path: '/v1/users/u/consents',
    auth: 'admin',
    body: { channels: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`c${i}`, { advertising: true }])) },
    expect: eitherWay,
  },
];
