/**
 * How long the simulator takes for a month of virtual time: examples/shop (the
 * ready-made journeys, the lifecycle stages, caps, quiet hours, kr-ad-law) and
 * a generated scenario of N users (default 5,000) doing what shoppers do over
 * 30 days (views, cart adds, orders, sign-ins, restocks). Deterministic (a
 * seeded generator). `npm run bench:simulator [-- users]`.
 */
import { seededRandom } from '@cairn/core';
import { checkResources, parseScenario, Simulation, summary } from '@cairn/simulator';
import { join } from 'node:path';
import { loadFolder } from '../files/load-folder';

const DAY = 86_400_000;

function scenario(users: number): Record<string, unknown> {
  const next = seededRandom(17);
  const at = (ms: number) => `+${Math.floor(ms / 1000)}s`;
  const events: Array<Record<string, unknown>> = [];
  const people: Record<string, unknown> = {};
  for (let u = 0; u < users; u++) {
    const userId = `user-${u}`;
    people[userId] = {
      traits: { name: `고객${u}`, ...(u % 7 === 0 ? { locale: 'en' } : {}) },
      consents: { kakao: { advertising: next() < 0.8, night: next() < 0.3 } },
    };
    for (let day = 0; day < 30; day++) {
      if (next() > 0.35) continue;
      const t = day * DAY + Math.floor(next() * DAY);
      const product = next() < 0.3 ? 'P-100' : `P-${Math.floor(next() * 50)}`;
      events.push({ at: at(t), userId, event: 'Product Viewed', properties: { productId: product } });
      if (next() < 0.4) events.push({ at: at(t + 60_000), userId, event: 'Product Added', properties: { cartId: `${userId}-${day}`, productId: product } });
      if (next() < 0.2)
        events.push({
          at: at(t + 1_800_000),
          userId,
          event: 'Order Completed',
          properties: { cartId: `${userId}-${day}`, products: [{ productId: product }] },
        });
      if (next() < 0.3) events.push({ at: at(t + 3_600_000), userId, event: 'Signed In' });
    }
  }
  for (const day of [5, 12, 20]) events.push({ at: at(day * DAY + 36_000_000), catalogEvent: 'Product Restocked', itemId: 'P-7' });
  return {
    start: '2026-03-02T00:00:00+09:00',
    until: '+30d',
    workspace: { timezone: 'Asia/Seoul', compliance: 'kr-ad-law', senderName: 'Cairn Shop', optOutText: '무료수신거부 080-000-0000' },
    users: people,
    events,
  };
}

function main(): void {
  const users = Number(process.argv[2] ?? 5_000);
  const shop = loadFolder(join(__dirname, '..', '..', '..', '..', 'examples', 'shop'));
  const { prepared, problems } = checkResources(shop.resources);
  if (problems.length > 0) throw new Error(`examples/shop is not valid: ${JSON.stringify(problems)}`);
  const parsed = parseScenario(scenario(users));
  const began = performance.now();
  const report = new Simulation(prepared, parsed, { trace: false }).run();
  const seconds = (performance.now() - began) / 1000;
  process.stdout.write(
    [
      `simulated 30 days for ${report.stats.users} users and ${report.stats.events} events (${report.stats.steps} steps) in ${seconds.toFixed(2)} s`,
      ...summary(report).map((line) => `  ${line}`),
      '',
    ].join('\n'),
  );
}

main();
