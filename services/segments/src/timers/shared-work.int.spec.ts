import { waitFor } from '@cairn/testing';
import { SegmentsHarness } from '../testing/segments.harness';

/**
 * Poison never blocks shared work in segments: the re-evaluation timers of
 * every workspace are claimed in one batch, and a backfill evaluates a page
 * of users at once. A user whose stored state cannot be evaluated costs only
 * themselves: the others' time-driven exits and backfilled entries are
 * published; the poison is set aside with backoff, parked after its last
 * attempt, listed by `/v1/parked/segments` with its reason, and evaluated
 * again when an operator retries it.
 */
const SECOND = 1_000;
const HOUR = 3_600_000;
const h = new SegmentsHarness({ config: { backgroundWork: { maxAttempts: 2, baseDelayMs: 10 * SECOND, maxDelayMs: 60 * SECOND } } });

interface ParkedPage {
  items: Array<{ kind: string; item: string; state: string; attempts: number; reason: string }>;
}

async function parked(query = ''): Promise<ParkedPage['items']> {
  return ((await (await h.api(`/v1/parked/segments${query}`)).json()) as ParkedPage).items;
}

/** Waits until the segment's backfill (which would also meet the poison) has run. */
async function backfilled(key: string): Promise<void> {
  await waitFor(async () => (await h.sql(`SELECT 1 FROM segments.segments WHERE key = $1 AND backfill_from IS NULL`, [key])).length === 1, {
    what: `the backfill of ${key}`,
  });
}

beforeAll(() => h.start());
afterAll(() => h.stop());

it("publishes the other users' time-driven exits when one user's state cannot be evaluated, then parks that user for an operator", async () => {
  const recent = { key: 'recent-viewer', name: 'Viewed something in the last hour', condition: { event: 'Product Viewed', within: '1h' } };
  expect((await h.api('/v1/segments', { method: 'POST', body: recent })).status).toBe(201);
  await h.publish(h.track('a', 'Product Viewed'), h.track('poison', 'Product Viewed'), h.track('b', 'Product Viewed'));
  for (const user of ['a', 'poison', 'b']) await h.waitForChanges(user, 1, 'recent-viewer');
  await backfilled('recent-viewer');
  // A state the evaluator cannot read (set-up only): its re-evaluation throws.
  await h.sql(`UPDATE segments.user_states SET state = jsonb_set(state, '{events}', 'null') WHERE user_id = 'poison'`);

  h.clock.advance(HOUR + SECOND);
  await h.waitForChanges('a', 2, 'recent-viewer');
  await h.waitForChanges('b', 2, 'recent-viewer');
  expect(h.changesOf('a', 'recent-viewer').map((c) => c.change)).toEqual(['entered', 'exited']);
  const failing = await waitFor(async () => (await parked())[0], { what: 'the poison in the failure ledger' });
  expect(failing).toMatchObject({ kind: 'timer', item: 'dev:poison', state: 'retrying', attempts: 1, reason: expect.stringContaining('TypeError') });

  h.clock.advance(11 * SECOND);
  await waitFor(async () => (await parked('?state=parked'))[0]?.attempts === 2, { what: 'the poison parked after its second attempt' });
  h.clock.advance(HOUR);
  const [{ due }] = await h.sql<{ due: Date | null }>(`SELECT due_at AS due FROM segments.timers WHERE user_id = 'poison'`);
  expect(due).toBeNull();

  // Repaired, and retried by an operator: evaluated at once, and the exit is published.
  await h.sql(`UPDATE segments.user_states SET state = jsonb_set(state, '{events}', '[]') WHERE user_id = 'poison'`);
  const retry = await h.api('/v1/parked/segments/timer/dev%3Apoison/retry', { method: 'POST' });
  expect(await retry.json()).toEqual({ kind: 'timer', item: 'dev:poison', status: 'retrying' });
  await h.waitForChanges('poison', 2, 'recent-viewer');
  expect(await parked()).toEqual([]);
});

it("backfills a new segment for every other user when one user's state cannot be evaluated, and hands that user to the timers", async () => {
  await h.publish(h.track('c', 'Signed Up'), h.track('bad', 'Signed Up'), h.track('d', 'Signed Up'));
  await waitFor(async () => (await h.sql(`SELECT 1 FROM segments.user_states WHERE user_id IN ('c', 'bad', 'd')`)).length === 3, {
    what: 'three stored users',
  });
  await h.sql(`UPDATE segments.user_states SET state = jsonb_set(state, '{events}', 'null') WHERE user_id = 'bad'`);
  const everyone = {
    key: 'everyone',
    name: 'Every user',
    condition: { any: [{ event: 'Signed Up', within: '30d' }, { not: { trait: 'banned', op: 'exists' } }] },
  };
  expect((await h.api('/v1/segments', { method: 'POST', body: everyone })).status).toBe(201);
  await h.waitForChanges('c', 1, 'everyone');
  await h.waitForChanges('d', 1, 'everyone');
  await backfilled('everyone');
  const failing = await waitFor(async () => (await parked()).find((i) => i.item === 'dev:bad'), { what: 'the user the backfill could not evaluate' });
  expect(failing).toMatchObject({ kind: 'timer', state: 'retrying', reason: expect.stringContaining('backfill of segment') });
});
