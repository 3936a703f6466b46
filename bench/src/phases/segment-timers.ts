import { MembershipChange, TOPICS } from '@cairn/contracts';
import { Client } from 'pg';
import { BenchContext, Phase } from '../context';
import { api, BENCH_WORKSPACE, until } from '../infra';
import { latencyHistogram, round, summarize } from '../measure';
import { progress } from '../report';
import { analyzeSegmentTables, checkSeededUser, createRecentViewers, RECENT_VIEWERS, seedRecentViewers } from '../seed-segment-timers';

const HOUR = 3_600_000;
/** Time between the end of the seeding of the due users and the first due instant. */
const LEAD_MS = 15_000;

interface Transition {
  userId: string;
  change: string;
  cause: string;
  timestamp: number;
}

/** Seeds the background, then the users due during the trial; returns the first due instant and the seeding rate. */
async function seed(ctx: BenchContext, db: Client, segmentsUrl: string, segmentId: string): Promise<{ firstDue: number; rate: number }> {
  const { segmentUsers, segmentDue, segmentSpreadS } = ctx.size;
  const w = RECENT_VIEWERS.windowMs;
  const base = { workspaceId: BENCH_WORKSPACE.id, segmentId };
  // Background: last views spread over (now − 23 h, now − 1 h], so their exits fall due 1 h to 23 h from now.
  const anchor = Date.now() - HOUR;
  const background = segmentUsers - segmentDue;
  const bgRate = await seedRecentViewers(db, {
    ...base,
    userPrefix: 'seg-bg-',
    count: background,
    lastViewSql: `${anchor} - ((n::bigint * 7919) % ${22 * 3600}) * 1000 - n % 1000`,
  });
  await analyzeSegmentTables(db);
  await checkSeededUser(segmentsUrl, 'seg-bg-0', anchor + w);
  progress(`  segment timers: ${background} users with a pending re-evaluation seeded (${Math.round(bgRate)} users/s)`);
  // Due: user i's last view leaves the window at firstDue + i × spread / due, all within `segmentSpreadS`.
  const firstDue = Date.now() + LEAD_MS + 5_000;
  await seedRecentViewers(db, {
    ...base,
    userPrefix: 'seg-due-',
    count: segmentDue,
    lastViewSql: `${firstDue - w} + (n::bigint * ${segmentSpreadS * 1000}) / ${segmentDue}`,
  });
  await checkSeededUser(segmentsUrl, 'seg-due-0', firstDue);
  if (Date.now() > firstDue - 1_000) throw new Error('seeding the due users ran into their due time; raise LEAD_MS');
  return { firstDue, rate: bgRate };
}

/**
 * M5: time-driven segment transitions. `segmentUsers` users hold a pending
 * re-evaluation timer of "viewed a page in the last day" (seeded in bulk,
 * seed-segment-timers.ts); `segmentDue` of them fall out of the window spread
 * over `segmentSpreadS` seconds, the others 1 h to 23 h later. Lateness is the
 * Kafka timestamp of each exit on cairn.segment-membership.v1 minus the
 * instant the user's last view left the window.
 */
export const segmentTimersPhase: Phase = {
  name: 'segment-timers',
  async run(ctx) {
    const { size, quick, infra, prefix } = ctx;
    const { segmentDue, segmentSpreadS } = size;
    // journeys would consume every membership change; nothing in this phase needs it.
    await ctx.retire('journeys');
    const segments = await ctx.service('segments');
    const db = new Client({ connectionString: infra.db.url });
    await db.connect();
    const reader = infra.adapter('bench-segment-timer-reader');
    await reader.connect();
    try {
      const segmentId = await createRecentViewers(segments.url);
      // The backfill of the new segment runs over an empty workspace; seeding starts once it is done.
      await until(
        async () => ((await api(segments.url, 'GET', `/v1/segments/${RECENT_VIEWERS.key}`)).json as { backfill: string }).backfill === 'done',
        'the segment backfill',
        60_000,
        250,
      );
      const seen: Transition[] = [];
      const consumer = await reader.consumeBatch({
        groupId: `${prefix}segment-timers`,
        topics: [prefix + TOPICS.segmentMembership],
        fromBeginning: false,
        onCrash: () => undefined,
        handler: async (batch) => {
          for (const m of batch.messages) {
            const c = JSON.parse(m.value.toString()) as MembershipChange;
            if (c.segmentKey === RECENT_VIEWERS.key) seen.push({ userId: c.userId, change: c.change, cause: c.cause, timestamp: m.timestamp });
          }
        },
      });
      await until(() => consumer.joined, 'the membership reader to join', 60_000);
      const { firstDue, rate } = await seed(ctx, db, segments.url, segmentId);
      const pending = Number((await db.query(`SELECT count(*) AS n FROM segments.timers WHERE due_at IS NOT NULL`)).rows[0].n);
      progress(`  segment timers: ${segmentDue} due from ${new Date(firstDue).toISOString()} over ${segmentSpreadS} s, ${pending} pending`);
      const exits = () => seen.filter((t) => t.userId.startsWith('seg-due-') && t.change === 'exited' && t.cause === 'time');
      await until(() => exits().length >= segmentDue, `${segmentDue} time-driven exits`, firstDue + segmentSpreadS * 1000 - Date.now() + 600_000, 200);
      await consumer.stop();
      const histogram = latencyHistogram();
      for (const t of exits()) {
        const i = Number(t.userId.slice('seg-due-'.length));
        const due = firstDue + Math.floor((i * segmentSpreadS * 1000) / segmentDue);
        histogram.recordValue(Math.max(1, (t.timestamp - due) * 1000));
      }
      const s = summarize(histogram);
      const unexpected = seen.length - exits().length;
      const label = quick ? ` (quick: issue asks 1,000,000)` : '';
      ctx.add({
        id: 'M5',
        name: `time-driven segment exits, lateness p99 (Kafka timestamp minus due): ${segmentDue} due over ${segmentSpreadS} s, ${pending} users holding a pending re-evaluation${label}`,
        value: s.p99Ms,
        unit: 'ms',
        target: '≤ 2000 ms',
        met: s.p99Ms <= 2000 && unexpected === 0,
        note: `p50 ${s.p50Ms} ms, max ${s.maxMs} ms; ${unexpected} other changes of the segment; seeded ${round(rate)} users/s`,
      });
    } finally {
      await reader.disconnect();
      await db.end();
    }
  },
};
