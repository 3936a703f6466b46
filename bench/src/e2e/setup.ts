import { api, until } from '../infra';
import { round } from '../measure';
import { progress } from '../report';
import { SINK_SECRET } from '../sink';
import { E2eStack, E2eWorkspace } from './stack';

type Json = Record<string, unknown>;

/** Runs `fn` over `items` with `concurrency` calls in flight. */
async function each<T>(items: T[], concurrency: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/**
 * Seeds `users` users (u-00000000 …) in bulk: one INSERT … SELECT over
 * generate_series into segments.user_states, traits only (plan, country,
 * timezone), no history and no memberships; the services learn about them
 * from their events.
 */
export async function seedUsers(stack: E2eStack, ws: E2eWorkspace, users: number): Promise<number> {
  const started = performance.now();
  for (let from = 0; from < users; from += 250_000) {
    await stack.sql(
      `INSERT INTO segments.user_states (workspace_id, user_id, state, next_changes, seq, updated_at)
       SELECT $1, 'u-' || lpad(i::text, 8, '0'),
              jsonb_build_object('traits', jsonb_build_object(
                'plan', (ARRAY['free','free','free','pro','enterprise'])[1 + i % 5],
                'country', (ARRAY['KR','JP','US','DE','BR'])[1 + (i / 5) % 5],
                'timezone', 'Asia/Seoul'), 'events', '[]'::jsonb, 'totals', '{}'::jsonb),
              '{}'::jsonb, 0, now()
       FROM generate_series($2::int, $3::int) AS i`,
      [ws.id, from, Math.min(users, from + 250_000) - 1],
    );
  }
  await stack.sql('ANALYZE segments.user_states');
  const rate = (users * 1000) / (performance.now() - started);
  progress(`  e2e ${ws.id}: ${users} users seeded (${round(rate, 0)}/s)`);
  return rate;
}

/** A webhook channel to the stack's sink and two templates: `bench-e2e` names its event's seq, `bench-later` is for the waiting journeys. */
export async function setUpMessaging(stack: E2eStack, ws: E2eWorkspace): Promise<void> {
  const url = stack.url('messaging');
  await api(
    url,
    'POST',
    '/v1/channels',
    { key: 'hook', type: 'webhook', config: { url: stack.sink.url, secret: SINK_SECRET, allowedAddresses: ['127.0.0.1'] } },
    ws.adminKey,
  );
  await api(
    url,
    'POST',
    '/v1/templates',
    { key: 'bench-e2e', channel: 'webhook', category: 'transactional', content: { json: { text: 'bench-seq-{{ entry.properties.seq }}' } } },
    ws.adminKey,
  );
  await api(
    url,
    'POST',
    '/v1/templates',
    { key: 'bench-later', channel: 'webhook', category: 'transactional', content: { json: { text: 'Hello later' } } },
    ws.adminKey,
  );
}

/** Creates the segments (the lifecycle stages too when asked) and waits until their backfills are done. */
export async function setUpSegments(stack: E2eStack, ws: E2eWorkspace, segments: Json[], lifecycle: boolean): Promise<void> {
  const url = stack.url('segments');
  if (lifecycle) await api(url, 'POST', '/v1/segments/lifecycle', {}, ws.adminKey);
  // Segments that reference others go after them.
  const plain = segments.filter((s) => !JSON.stringify(s.condition).includes('"segment"'));
  await each(plain, 4, (s) => api(url, 'POST', '/v1/segments', s, ws.adminKey));
  for (const s of segments.filter((x) => !plain.includes(x))) await api(url, 'POST', '/v1/segments', s, ws.adminKey);
  await until(
    async () => {
      const items = ((await api(url, 'GET', '/v1/segments', undefined, ws.adminKey)).json as { segments: Array<{ backfill: string }> }).segments;
      return items.length >= segments.length && items.every((s) => s.backfill === 'done');
    },
    `${ws.id}: segment backfills`,
    600_000,
    500,
  );
}

export async function setUpJourneys(stack: E2eStack, ws: E2eWorkspace, journeys: Json[]): Promise<void> {
  const url = stack.url('journeys');
  for (const j of journeys) {
    await api(url, 'POST', '/v1/journeys', j, ws.adminKey);
    await api(url, 'POST', `/v1/journeys/${String(j.key)}/publish`, undefined, ws.adminKey);
  }
}
