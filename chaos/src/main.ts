import { pick, seededRandom } from '@cairn/core';
import { repoRoot } from '@cairn/testing';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSegmentState, inspect } from './checks';
import { track } from './client';
import { faultSchedule, hold } from './faults';
import { Ledger } from './ledger';
import { defineJourneys, Scenarios } from './scenarios';
import { ChaosStack } from './stack';

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

interface FaultRecord {
  what: string;
  atS: number;
  recoverS: number | null;
  effect: string;
}

async function main(): Promise<void> {
  say(`chaos ${quick ? 'quick' : 'full'} run, seed ${seed}`);
  const stack = await ChaosStack.start(say);
  const ledger = new Ledger(stack.sink);
  const scenarios = new Scenarios(stack, ledger, random);
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
        const p = scenarios.play(users++).catch((e) => say(`user error: ${(e as Error).message}`));
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
    const schedule = faultSchedule(stack, random);
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
    say(
      `load stopped: ${users} users, ${ledger.accepted} events accepted, ${ledger.refused(users)} users not accepted, ${scenarios.unseenInterest} restocks not posted`,
    );

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
    if (process.exitCode === 1) {
      const dir = join(repoRoot(), 'chaos/results/logs');
      say(`the output of ${stack.saveOutputs(dir)} service processes is in chaos/results/logs/ (not committed)`);
    }
  } finally {
    stopping = true;
    await stack.stop().catch((e) => say(`stop: ${(e as Error).message}`));
  }
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
    join(repoRoot(), 'chaos/results/latest.md'),
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
