import { MessageRequest, TOPICS } from '@cairn/contracts';
import { Client } from 'pg';
import { generateBusEvents } from '../generators';
import { api, BenchInfra, until } from './infra';
import { latencyHistogram, round, summarize } from './measure';
import { progress } from './report';

export interface TimerTrial {
  fired: number;
  pending: number;
  firesPerSecond: number;
  latenessP50Ms: number;
  latenessP99Ms: number;
  /** False when arming was still going on at the due instant (the figures then include that contention). */
  armedInTime: boolean;
}

const MINUTE = 60_000;

/** `HH:MM` (UTC) of the first whole minute at least `leadMs` from now, and that instant. */
function nextMinute(leadMs: number): { hhmm: string; at: number } {
  const at = Math.ceil((Date.now() + leadMs) / MINUTE) * MINUTE;
  return { hhmm: new Date(at).toISOString().slice(11, 16), at };
}

async function createJourney(journeysUrl: string, key: string, event: string, wait: { until?: string; duration?: string }): Promise<void> {
  await api(journeysUrl, 'POST', '/v1/journeys', {
    key, name: key, entry: { event }, start: 'wait',
    steps: { wait: { type: 'wait', ...wait, next: 'send' }, send: { type: 'send', channel: 'hook', template: 'bench', category: 'transactional', next: null } },
  });
  await api(journeysUrl, 'POST', `/v1/journeys/${key}/publish`);
}

/** Arms `count` timers by publishing one entry event per user straight to cairn.events.v1; returns the arming rate. */
async function arm(infra: BenchInfra, db: Client, prefix: string, event: string, count: number, seed: number, expectedPending: number): Promise<number> {
  const bus = infra.adapter(`bench-arm-${seed}`);
  await bus.connect();
  const events = generateBusEvents({ seed, count, users: count, name: event, startMs: Date.now() }).map((e, i) => {
    // Ids of this trial's own: the journeys consumer drops an event whose messageId it has seen.
    const userId = `${event.replace(/\W/g, '')}-${i}`;
    return { ...e, userId, messageId: `${userId}-entry` };
  });
  const started = performance.now();
  for (let i = 0; i < events.length; i += 1000) {
    await bus.publishBatch(events.slice(i, i + 1000).map((e) => ({ topic: prefix + TOPICS.events, key: `${e.workspaceId}:${e.userId}`, value: JSON.stringify(e) })));
  }
  await bus.disconnect();
  const pending = async () => Number((await db.query(`SELECT count(*) AS n FROM journeys.timers WHERE status = 'pending'`)).rows[0].n);
  await until(async () => (await pending()) >= expectedPending, `${count} armed timers`, 600_000, 250);
  return (count * 1000) / (performance.now() - started);
}

/**
 * Metric 4: `fire` timers of one journey all due at the same whole minute
 * (a `wait until HH:MM` step, UTC), while `background` other timers are
 * pending (a 1-hour wait). Fire time is the Kafka timestamp of the message
 * request each timer produced; lateness is fire time minus the due instant.
 */
export async function timerTrial(infra: BenchInfra, journeysUrl: string, prefix: string, fire: number, background: number, tag: string, armRateGuess: number): Promise<TimerTrial & { armRate: number }> {
  const db = new Client({ connectionString: infra.db.url });
  await db.connect();
  const reader = infra.adapter(`bench-timer-reader-${tag}`);
  await reader.connect();
  try {
    const before = Number((await db.query(`SELECT count(*) AS n FROM journeys.timers WHERE status = 'pending'`)).rows[0].n);
    if (background > 0) {
      await createJourney(journeysUrl, `bench-bg-${tag}`, `Timer Background ${tag}`, { duration: '1h' });
      await arm(infra, db, prefix, `Timer Background ${tag}`, background, 31, before + background);
      progress(`  timers ${tag}: ${background} background timers pending`);
    }
    const due = nextMinute(((fire / armRateGuess) * 1000) * 1.5 + 10_000);
    await createJourney(journeysUrl, `bench-fire-${tag}`, `Timer Fire ${tag}`, { until: due.hhmm });
    const fireTimes: number[] = [];
    const consumer = await reader.consumeBatch({
      groupId: `${prefix}timer-${tag}`, topics: [prefix + TOPICS.messageRequests], fromBeginning: false, onCrash: () => undefined,
      handler: async (batch) => {
        for (const m of batch.messages) {
          if ((JSON.parse(m.value.toString()) as MessageRequest).journey?.key === `bench-fire-${tag}`) fireTimes.push(m.timestamp);
        }
      },
    });
    await until(() => consumer.joined, 'the timer reader to join', 60_000);
    const armRate = await arm(infra, db, prefix, `Timer Fire ${tag}`, fire, 37, before + background + fire);
    const armedInTime = Date.now() < due.at;
    progress(`  timers ${tag}: ${fire} timers armed (${Math.round(armRate)}/s), due at ${new Date(due.at).toISOString()}${armedInTime ? '' : ' (arming ran past the due instant)'}`);
    await until(() => fireTimes.length >= fire, `${fire} fired timers`, Math.max(0, due.at - Date.now()) + 600_000, 100);
    await consumer.stop();
    const histogram = latencyHistogram();
    for (const t of fireTimes) histogram.recordValue(Math.max(1, (t - due.at) * 1000));
    const s = summarize(histogram);
    const last = Math.max(...fireTimes);
    return { fired: fire, pending: fire + background + before, firesPerSecond: round((fire * 1000) / Math.max(1, last - due.at)), latenessP50Ms: s.p50Ms, latenessP99Ms: s.p99Ms, armedInTime, armRate };
  } finally {
    await reader.disconnect();
    await db.end();
  }
}
