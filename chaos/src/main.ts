import { pick, seededRandom } from '@cairn/core';
import { DLQ_PARTITIONS } from '@cairn/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventTally, Ledger } from './ledger';
import { ChaosStack, PREFIX, REPLICAS, ServiceName, SERVICES, WORKSPACE } from './stack';

/**
 * npm run chaos [-- --quick] [-- --seed N]: the distributed stack under load
 * while faults happen (chaos/README.md), then a check that every expected
 * message reached the provider exactly once.
 */
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const seedAt = argv.indexOf('--seed');
const seed = seedAt >= 0 ? Number(argv[seedAt + 1]) : 1;
const random = seededRandom(seed);
const LOAD_S = quick ? 150 : 900;
const RATE = quick ? 4 : 6; // new users per second, open loop
const started = Date.now();
const say = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const headers = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

interface FaultRecord {
  what: string;
  atS: number;
  recoverS: number | null;
  effect: string;
}

async function admin(stack: ChaosStack, service: ServiceName, method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${stack.urls(service)[0]}${path}`, {
    method,
    headers: headers(WORKSPACE.adminKeys[0]),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

/** The journeys, defined over REST as a user would (chaos/README.md lists them and what each user must get). */
async function defineJourneys(stack: ChaosStack): Promise<void> {
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

/**
 * Sends one request to a running replica of the service, trying the others (as an SDK or a client retries) until it
 * is answered 2xx or the deadline passes; answers the body of the 2xx, or undefined.
 */
async function call(stack: ChaosStack, service: ServiceName, method: string, path: string, key: string, body?: unknown): Promise<unknown> {
  const deadline = Date.now() + 60_000;
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    const urls = stack.urls(service);
    const url = urls[attempt % Math.max(1, urls.length)];
    if (url) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: headers(key),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      }).catch(() => undefined);
      if (res && res.status >= 200 && res.status < 300) return res.status === 204 ? {} : await res.json().catch(() => ({}));
    }
    await new Promise((r) => setTimeout(r, 250 + 250 * Math.min(attempt, 8)));
  }
  return undefined;
}

/** Posts one event of the user; the ledger keeps what was posted and what was accepted. */
async function track(
  stack: ChaosStack,
  ledger: Ledger,
  userId: string,
  event: string,
  properties: Record<string, unknown>,
  messageId: string,
): Promise<boolean> {
  ledger.posted(userId, event, messageId);
  const ok = (await call(stack, 'events', 'POST', '/v1/track', WORKSPACE.writeKeys[0], { userId, event, properties, messageId })) !== undefined;
  if (ok) ledger.acceptedEvent(userId, event, messageId);
  return ok;
}

/** Sets the user's advertising consent on the webhook channel (messaging's consent API, the admin key). */
function consent(stack: ChaosStack, userId: string, advertising: boolean): Promise<unknown> {
  return call(stack, 'messaging', 'PUT', `/v1/users/${userId}/consents`, WORKSPACE.adminKeys[0], { channels: { hook: { advertising } }, source: 'chaos' });
}

const KINDS = ['abandoner', 'buyer', 'coupon', 'capped', 'withdrawer', 'sleeper', 'interested'] as const;

/** One user's scenario, played in order; the ledger learns what the user must get from what was accepted. */
async function playUser(stack: ChaosStack, ledger: Ledger, n: number): Promise<void> {
  const user = `u-${n}`;
  const kind = pick(random, KINDS);
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
      return playInterested(stack, ledger, user, n);
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
async function playInterested(stack: ChaosStack, ledger: Ledger, user: string, n: number): Promise<void> {
  const productId = `R-${n}`;
  if (!(await track(stack, ledger, user, 'Product Added', { cartId: `c-${n}`, productId }, `${user}-add`))) return;
  ledger.expect(user, 'cart-reminder');
  const deadline = Date.now() + 120_000;
  for (;;) {
    const runs = (await call(stack, 'journeys', 'GET', `/v1/users/${user}/journeys`, WORKSPACE.adminKeys[0])) as
      Array<{ journey: { key: string } }> | undefined;
    if (runs?.some((r) => r.journey.key === 'cart')) break;
    if (Date.now() > deadline) return void unseenInterest++;
    await new Promise((r) => setTimeout(r, 500));
  }
  const messageId = `${user}-restock`;
  ledger.posted(null, 'Product Restocked', messageId);
  const restock = { event: 'Product Restocked', itemId: productId, messageId };
  if ((await call(stack, 'events', 'POST', '/v1/catalog/events', WORKSPACE.writeKeys[0], restock)) === undefined) return;
  ledger.acceptedEvent(null, 'Product Restocked', messageId);
  ledger.expect(user, 'restock-notice');
}

/** Interested users whose cart run did not show within 2 minutes (their product was not restocked). */
let unseenInterest = 0;

async function main(): Promise<void> {
  say(`chaos ${quick ? 'quick' : 'full'} run, seed ${seed}`);
  const stack = await ChaosStack.start(say);
  const ledger = new Ledger(stack.sink);
  const faults: FaultRecord[] = [];
  let users = 0;
  let stopping = false;
  try {
    await defineJourneys(stack);
    say('journeys defined; load starts');
    const inFlight = new Set<Promise<void>>();
    const t0 = Date.now();
    // The load goes on until the last fault has recovered (and for LOAD_S at least): every fault happens under load.
    const load = (async () => {
      while (!stopping) {
        const due = t0 + (users * 1000) / RATE;
        if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
        const p = playUser(stack, ledger, users++).catch((e) => say(`user error: ${(e as Error).message}`));
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
      }
    })();

    /** Seconds from the end of a fault until a fresh order's receipt reaches the sink. */
    const recovery = async (healedAt: number): Promise<number | null> => {
      const user = `probe-${faults.length}`;
      if (!(await track(stack, ledger, user, 'Order Completed', { cartId: `p-${faults.length}` }, `${user}-order`))) return null;
      ledger.expect(user, 'receipt');
      const deadline = Date.now() + 180_000;
      while (Date.now() < deadline) {
        if (stack.sink.deliveries.some((d) => d.userId === user && d.template === 'receipt')) return (Date.now() - healedAt) / 1000;
        await new Promise((r) => setTimeout(r, 200));
      }
      return null;
    };
    const hold = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const randomSlot = () => stack.slot(pick(random, SERVICES), Math.floor(random() * REPLICAS));

    const schedule: Array<[string, () => Promise<string>]> = [
      [
        'SIGKILL a service replica',
        async () => {
          const s = randomSlot();
          await s.proc!.stop('SIGKILL');
          await hold(3_000);
          await stack.startSlot(s);
          return `${s.service}#${s.replica} killed and started again`;
        },
      ],
      [
        'kill -9 a broker, restart',
        async () => {
          const controller = await stack.kafka.activeController();
          const node = pick(
            random,
            stack.kafka.nodes.filter((n) => n.id !== controller),
          );
          await node.kill('SIGKILL');
          await hold(10_000);
          await node.restart();
          return `broker ${node.id} down 10 s`;
        },
      ],
      [
        'provider 5xx storm',
        async () => {
          const before = stack.sink.refused;
          stack.sink.mode = { kind: 'fail' };
          await hold(15_000);
          stack.sink.mode = { kind: 'ok' };
          return `${stack.sink.refused - before} deliveries answered 503 for 15 s`;
        },
      ],
      [
        'Postgres fast shutdown, restart',
        async () => {
          stack.pg.shutdown('fast');
          await hold(8_000);
          stack.pg.start();
          return 'database away 8 s (clean shutdown)';
        },
      ],
      [
        'kill -9 the controller, restart',
        async () => {
          const node = stack.kafka.node(await stack.kafka.activeController());
          await node.kill('SIGKILL');
          const next = await stack.kafka.activeController();
          await hold(5_000);
          await node.restart();
          return `controller ${node.id} killed, ${next} took over`;
        },
      ],
      [
        'provider 10 s latency',
        async () => {
          stack.sink.mode = { kind: 'slow', delayMs: 10_000 };
          await hold(15_000);
          stack.sink.mode = { kind: 'ok' };
          return 'each delivery answered after 10 s, for 15 s';
        },
      ],
      [
        'Postgres crash (immediate), timers due meanwhile',
        async () => {
          stack.pg.shutdown('immediate');
          await hold(15_000);
          stack.pg.start();
          return 'database crashed, away 15 s (cart timers came due meanwhile), recovered';
        },
      ],
      [
        'rolling SIGTERM restart',
        async () => {
          const service = pick(random, SERVICES);
          for (let r = 0; r < REPLICAS; r++) {
            const s = stack.slot(service, r);
            await s.proc!.stop('SIGTERM');
            await stack.startSlot(s);
          }
          return `${service}: each replica stopped (SIGTERM) and started in turn`;
        },
      ],
      [
        'replica leaves and joins (rebalance)',
        async () => {
          const service = pick(random, ['segments', 'journeys', 'messaging'] as const);
          const s = stack.slot(service, 1);
          for (let i = 0; i < 2; i++) {
            await s.proc!.stop('SIGTERM');
            await stack.startSlot(s);
          }
          return `${service}#1 left and joined twice`;
        },
      ],
    ];
    const plan = quick ? schedule : [...schedule, ...Array.from({ length: 9 }, () => pick(random, schedule))];
    const gap = (LOAD_S * 1000) / (plan.length + 1);
    for (const [what, run] of plan) {
      await hold(Math.max(2_000, gap / 2));
      const at = (Date.now() - started) / 1000;
      say(`fault: ${what}`);
      const effect = await run();
      const recoverS = await recovery(Date.now());
      faults.push({ what, atS: at, recoverS, effect });
      say(`  ${effect}; recovered in ${recoverS === null ? 'never' : `${recoverS.toFixed(1)} s`}`);
    }
    await hold(t0 + LOAD_S * 1000 - Date.now());
    stopping = true;
    await load;
    await Promise.all([...inFlight]);
    say(`load stopped: ${users} users, ${ledger.accepted} events accepted, ${ledger.refused(users)} users not accepted, ${unseenInterest} restocks not posted`);

    // Drain: every expected message at the sink (the cart timers take 40 s), then a quiet spell for late duplicates.
    const deadline = Date.now() + (quick ? 240_000 : 420_000);
    while (Date.now() < deadline && ledger.check().lost > 0) await new Promise((r) => setTimeout(r, 1_000));
    let last = stack.sink.deliveries.length;
    for (let quiet = 0; quiet < 15 && Date.now() < deadline + 30_000;) {
      await new Promise((r) => setTimeout(r, 1_000));
      quiet = stack.sink.deliveries.length === last ? quiet + 1 : 0;
      last = stack.sink.deliveries.length;
    }
    const leftovers = await inspect(stack);
    const state = await checkSegmentState(stack, ledger);
    say(
      `segment state: ${state.events} accepted events of ${state.users} users checked, ${state.missing} not counted, ${state.extra} counted more than posted`,
    );
    for (const line of state.details.slice(0, 20)) say(`  ${line}`);
    leftovers['events not reflected in segment state'] = state.missing;
    leftovers['events counted more than posted'] = state.extra;
    const result = ledger.check();
    report(faults, ledger, result, leftovers);
    process.exitCode = result.lost > 0 || result.duplicated > 0 || state.missing > 0 || state.extra > 0 ? 1 : 0;
  } finally {
    stopping = true;
    await stack.stop().catch((e) => say(`stop: ${(e as Error).message}`));
  }
}

/**
 * Every accepted event reflected in segment state: per user and event, the segments service's lifetime count
 * (`GET /v1/users/:userId/profile`) is at least what was accepted and at most what was posted (a post that got no
 * answer may still have been taken; a message id counted twice would exceed it).
 */
async function checkSegmentState(
  stack: ChaosStack,
  ledger: Ledger,
): Promise<{ users: number; events: number; missing: number; extra: number; details: string[] }> {
  const byUser = new Map<string, EventTally[]>();
  for (const t of ledger.tallies()) byUser.set(t.user, [...(byUser.get(t.user) ?? []), t]);
  const out = { users: byUser.size, events: 0, missing: 0, extra: 0, details: [] as string[] };
  const users = [...byUser.keys()];
  const profile = async (user: string): Promise<Record<string, { count: number }>> => {
    for (let attempt = 0; ; attempt++) {
      const urls = stack.urls('segments');
      const res = await fetch(`${urls[attempt % urls.length]}/v1/users/${user}/profile`, { headers: headers(WORKSPACE.adminKeys[0]) }).catch(() => undefined);
      if (res?.status === 404) return {};
      if (res?.ok) return ((await res.json()) as { totals: Record<string, { count: number }> }).totals;
      if (attempt >= 20) throw new Error(`the profile of ${user}: ${res?.status ?? 'no answer'}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const worker = async () => {
    for (let user = users.pop(); user !== undefined; user = users.pop()) {
      const totals = await profile(user);
      for (const t of byUser.get(user)!) {
        const counted = totals[t.event]?.count ?? 0;
        out.events += t.accepted;
        if (counted < t.accepted) {
          out.missing += t.accepted - counted;
          out.details.push(`not counted: ${user} ${t.event} (${counted} of ${t.accepted} accepted)`);
        }
        if (counted > t.posted) {
          out.extra += counted - t.posted;
          out.details.push(`counted more than posted: ${user} ${t.event} (${counted}, ${t.posted} posted)`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
}

/** What must be empty once the system drained: outboxes, parked work, DLQs, runs past their timers. */
async function inspect(stack: ChaosStack): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const schema of SERVICES) {
    out[`${schema}.outbox`] = Number((await stack.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.outbox`))[0].n);
    out[`${schema}.parked`] = Number((await stack.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.failed_work`).catch(() => [{ n: -1 }]))[0].n);
  }
  out['journeys.runs active past their timers'] = Number(
    (
      await stack
        .sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM journeys.runs r WHERE r.status = 'active' AND (
           NOT EXISTS (SELECT 1 FROM journeys.timers t WHERE t.run_id = r.id)
           OR EXISTS (SELECT 1 FROM journeys.timers t WHERE t.run_id = r.id AND t.due_at < now() - interval '60 seconds'))`,
        )
        .catch(() => [{ n: -1 }])
    )[0].n,
  );
  const admin = new Kafka({ brokers: stack.kafka.brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(PREFIX) && t.endsWith('.dlq'));
    let dlq = 0;
    for (const t of topics) dlq += (await admin.fetchTopicOffsets(t)).slice(0, DLQ_PARTITIONS).reduce((s, p) => s + Number(p.high), 0);
    out['dlq messages'] = dlq;
  } finally {
    await admin.disconnect();
  }
  return out;
}

function report(faults: FaultRecord[], ledger: Ledger, result: ReturnType<Ledger['check']>, leftovers: Record<string, number>): void {
  const lines = [
    '| fault | at (s) | recovered in (s) | effect |',
    '|---|---|---|---|',
    ...faults.map((f) => `| ${f.what} | ${f.atS.toFixed(0)} | ${f.recoverS === null ? 'never' : f.recoverS.toFixed(1)} | ${f.effect} |`),
  ];
  console.log(['', ...lines, ''].join('\n'));
  console.log(
    Object.entries(leftovers)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', '),
  );
  console.log(`redeliveries of one idempotency key (the provider's key dedupes them): ${result.sameKeyAgain}; unexpected messages: ${result.unexpected}`);
  for (const line of result.details.slice(0, 20)) console.log(`  ${line}`);
  const last = `chaos: ${faults.length} faults, ${ledger.accepted} events accepted, ${result.expected} messages expected, ${result.delivered} delivered, ${result.lost} lost, ${result.duplicated} duplicated`;
  writeFileSync(
    join(__dirname, '../../../chaos/results/latest.md'),
    [
      `# Chaos run (${quick ? 'quick' : 'full'}, seed ${seed})`,
      '',
      ...lines,
      '',
      ...Object.entries(leftovers).map(([k, v]) => `- ${k}: ${v}`),
      '',
      last,
      '',
    ].join('\n'),
  );
  console.log(last);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
