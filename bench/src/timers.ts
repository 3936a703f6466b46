import { eventKey, MessageRequest, TOPICS } from '@cairn/contracts';
import { Client } from 'pg';
import { generateBusEvents } from '../generators';
import { api, BenchInfra, BENCH_WORKSPACE, until } from './infra';
import { latencyHistogram, round, summarize } from './measure';
import { progress } from './report';
import { seedJourneyTimers } from './seed-journey-timers';

export interface TimerTrial {
  fired: number;
  pending: number;
  firesPerSecond: number;
  latenessP50Ms: number;
  latenessP99Ms: number;
  /** False when arming was still going on at the due instant (the figures then include that contention). */
  armedInTime: boolean;
  /** Rows per second of the bulk seeding of the background, when there is one. */
  seedRowsPerSecond: number | null;
}

const MINUTE = 60_000;

/** `HH:MM` (UTC) of the first whole minute at least `leadMs` from now, and that instant. */
function nextMinute(leadMs: number): { hhmm: string; at: number } {
  const at = Math.ceil((Date.now() + leadMs) / MINUTE) * MINUTE;
  return { hhmm: new Date(at).toISOString().slice(11, 16), at };
}

async function createJourney(journeysUrl: string, key: string, event: string, wait: { until?: string; duration?: string }): Promise<void> {
  await api(journeysUrl, 'POST', '/v1/journeys', {
    key,
    name: key,
    entry: { event },
    start: 'wait',
    steps: { wait: { type: 'wait', ...wait, next: 'send' }, send: { type: 'send', channel: 'hook', template: 'bench', category: 'transactional', next: null } },
  });
  await api(journeysUrl, 'POST', `/v1/journeys/${key}/publish`);
}

/** The user id `arm` gives the i-th entry of `event`. */
const armedUserId = (event: string, i: number | string) => `${event.replace(/\W/g, '')}-${i}`;

/** Arms `count` timers by publishing one entry event per user straight to cairn.events.v1; returns the arming rate. */
async function arm(infra: BenchInfra, db: Client, prefix: string, journeyKey: string, event: string, count: number, seed: number): Promise<number> {
  const bus = infra.adapter(`bench-arm-${seed}`);
  await bus.connect();
  const events = generateBusEvents({ seed, count, users: count, name: event, startMs: Date.now() }).map((e, i) => {
    // Ids of this trial's own: the journeys consumer drops an event whose messageId it has seen.
    const userId = armedUserId(event, i);
    return { ...e, userId, messageId: `${userId}-entry` };
  });
  const started = performance.now();
  for (let i = 0; i < events.length; i += 1000) {
    await bus.publishBatch(events.slice(i, i + 1000).map((e) => ({ topic: prefix + TOPICS.events, key: eventKey(e), value: JSON.stringify(e) })));
  }
  await bus.disconnect();
  // A run waits on its timer from the transaction that created it: the journey's active runs are its armed timers.
  const armed = async () =>
    Number(
      (
        await db.query(
          `SELECT count(*) AS n FROM journeys.runs r JOIN journeys.journeys j ON j.id = r.journey_id WHERE j.workspace_id = $1 AND j.key = $2 AND r.status = 'active'`,
          [BENCH_WORKSPACE.id, journeyKey],
        )
      ).rows[0].n,
    );
  await until(async () => (await armed()) >= count, `${count} armed timers`, 600_000, 250);
  return (count * 1000) / (performance.now() - started);
}

/**
 * The background of pending timers: one run armed through the journeys
 * consumer (a `wait 1d` journey), then cloned in bulk into `count - 1` more
 * runs and timers shaped as the service writes them (seed-journey-timers.ts),
 * due between 1 h and 24 h from now. Returns seeded rows per second.
 */
async function seedBackground(infra: BenchInfra, db: Client, journeysUrl: string, prefix: string, tag: string, count: number): Promise<number> {
  const key = `bench-bg-${tag}`;
  const event = `Timer Background ${tag}`;
  await createJourney(journeysUrl, key, event, { duration: '1d' });
  await arm(infra, db, prefix, key, event, 1, 31);
  const { rows } = await db.query(`SELECT id FROM journeys.journeys WHERE workspace_id = $1 AND key = $2`, [BENCH_WORKSPACE.id, key]);
  return seedJourneyTimers(db, rows[0].id, armedUserId(event, ''), count);
}

/**
 * Metric 4: `fire` timers of one journey all due at the same whole minute
 * (a `wait until HH:MM` step, UTC), armed through the journeys consumer,
 * while `background` other timers are pending (seeded in bulk, due 1–24 h
 * later). `pending` is counted in the database once the due timers are
 * armed. Fire time is the Kafka timestamp of the message request each timer
 * produced; lateness is fire time minus the due instant.
 */
export async function timerTrial(
  infra: BenchInfra,
  journeysUrl: string,
  prefix: string,
  fire: number,
  background: number,
  tag: string,
  armRateGuess: number,
): Promise<TimerTrial & { armRate: number }> {
  const db = new Client({ connectionString: infra.db.url });
  await db.connect();
  const reader = infra.adapter(`bench-timer-reader-${tag}`);
  await reader.connect();
  try {
    let seedRate: number | null = null;
    if (background > 0) {
      seedRate = await seedBackground(infra, db, journeysUrl, prefix, tag, background);
      progress(`  timers ${tag}: ${background} background timers pending (seeded at ${Math.round(seedRate)} rows/s)`);
    }
    const due = nextMinute((fire / armRateGuess) * 1000 * 1.5 + 10_000);
    await createJourney(journeysUrl, `bench-fire-${tag}`, `Timer Fire ${tag}`, { until: due.hhmm });
    const fireTimes: number[] = [];
    const consumer = await reader.consumeBatch({
      groupId: `${prefix}timer-${tag}`,
      topics: [prefix + TOPICS.messageRequests],
      fromBeginning: false,
      onCrash: () => undefined,
      handler: async (batch) => {
        for (const m of batch.messages) {
          if ((JSON.parse(m.value.toString()) as MessageRequest).journey?.key === `bench-fire-${tag}`) fireTimes.push(m.timestamp);
        }
      },
    });
    await until(() => consumer.joined, 'the timer reader to join', 60_000);
    const armRate = await arm(infra, db, prefix, `bench-fire-${tag}`, `Timer Fire ${tag}`, fire, 37);
    const armedInTime = Date.now() < due.at;
    const pending = Number((await db.query(`SELECT count(*) AS n FROM journeys.timers WHERE status = 'pending'`)).rows[0].n);
    progress(
      `  timers ${tag}: ${fire} timers armed (${Math.round(armRate)}/s), due at ${new Date(due.at).toISOString()}${armedInTime ? '' : ' (arming ran past the due instant)'}`,
    );
    await until(() => fireTimes.length >= fire, `${fire} fired timers`, Math.max(0, due.at - Date.now()) + 600_000, 100);
    await consumer.stop();
    const histogram = latencyHistogram();
    for (const t of fireTimes) histogram.recordValue(Math.max(1, (t - due.at) * 1000));
    const s = summarize(histogram);
    const last = Math.max(...fireTimes);
    return {
      fired: fire,
      pending,
      firesPerSecond: round((fire * 1000) / Math.max(1, last - due.at)),
      latenessP50Ms: s.p50Ms,
      latenessP99Ms: s.p99Ms,
      armedInTime,
      armRate,
      seedRowsPerSecond: seedRate,
    };
  } finally {
    await reader.disconnect();
    await db.end();
  }
}
