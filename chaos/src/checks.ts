import { DLQ_PARTITIONS } from '@cairn/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { headers } from './client';
import { EventTally, Ledger } from './ledger';
import { ChaosStack, PREFIX, SERVICES, WORKSPACE } from './stack';

/**
 * Every accepted event reflected in segment state: per user and event, the segments service's lifetime count
 * (`GET /v1/users/:userId/profile`) is at least what was accepted and at most what was posted (a post that got no
 * answer may still have been taken; a message id counted twice would exceed it).
 */
export async function checkSegmentState(
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
export async function inspect(stack: ChaosStack): Promise<Record<string, number>> {
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
