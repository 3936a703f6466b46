import { randomUUID } from 'node:crypto';
import { FLAGSHIP, SegmentsHarness } from './testing/segments.harness';

/**
 * The segments REST API (admin key, workspace-scoped) and backfill, on the
 * real Kafka broker and Postgres.
 */
const h = new SegmentsHarness();
const VIEW = { productId: 'P-100' };
const user = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;
const json = async (res: Response) => (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  await h.start();
  expect((await h.api('/v1/segments', { method: 'POST', body: FLAGSHIP })).status).toBe(201);
});
afterAll(() => h.stop());

describe('definitions', () => {
  it('refuses an unknown operator, a bad duration and a missing segment with 400 naming each path', async () => {
    const res = await h.api('/v1/segments', {
      method: 'POST',
      body: { key: 'bad', name: 'bad', condition: { all: [{ event: 'X', within: 'week' }, { trait: 'tier', op: 'like', value: 'g' }, { segment: 'ghost' }] } },
    });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.fields.map((f: { path: string }) => f.path)).toEqual(['condition.all[0].within', 'condition.all[1].op', 'condition.all[2].segment']);
  });

  it('creates, reads, lists, replaces and deletes; refuses a duplicate key, a key change and deleting a referenced segment', async () => {
    const created = await h.api('/v1/segments', { method: 'POST', body: { key: 'gold', name: 'Gold', condition: { trait: 'tier', op: 'eq', value: 'gold' } } });
    expect(created.status).toBe(201);
    const gold = await json(created);
    expect(gold).toMatchObject({ key: 'gold', revision: 1, condition: { trait: 'tier', op: 'eq', value: 'gold' } });
    expect((await h.api('/v1/segments', { method: 'POST', body: { key: 'gold', name: 'again', condition: { segment: 'flagship-hot' } } })).status).toBe(409);
    expect(await json(await h.api(`/v1/segments/${gold.id}`))).toMatchObject({ key: 'gold', name: 'Gold' });
    const list = await json(await h.api('/v1/segments'));
    expect(list.segments.map((s: { key: string }) => s.key)).toEqual(['flagship-hot', 'gold']);
    const ref = await h.api('/v1/segments', { method: 'POST', body: { key: 'gold-hot', name: 'Gold and hot', condition: { all: [{ segment: 'gold' }, { segment: 'flagship-hot' }] } } });
    expect(ref.status).toBe(201);
    const renamed = await h.api('/v1/segments/gold', { method: 'PUT', body: { key: 'platinum', name: 'x', condition: { trait: 'tier', op: 'exists' } } });
    expect(renamed.status).toBe(400);
    expect((await json(renamed)).fields).toEqual([expect.objectContaining({ path: 'key' })]);
    const cycle = await h.api('/v1/segments/gold', { method: 'PUT', body: { key: 'gold', name: 'x', condition: { segment: 'gold-hot' } } });
    expect(cycle.status).toBe(400);
    expect((await h.api('/v1/segments/gold', { method: 'DELETE' })).status).toBe(409);
    const replaced = await h.api('/v1/segments/gold', { method: 'PUT', body: { key: 'gold', name: 'Gold tier', condition: { trait: 'tier', op: 'in', value: ['gold', 'vip'] } } });
    expect(await json(replaced)).toMatchObject({ name: 'Gold tier', revision: 2 });
    expect((await h.api('/v1/segments/gold-hot', { method: 'DELETE' })).status).toBe(204);
    expect((await h.api('/v1/segments/gold', { method: 'DELETE' })).status).toBe(204);
    expect((await h.api(`/v1/segments/${gold.id}`)).status).toBe(404);
  });

  it('requires the admin key', async () => {
    const res = await fetch(`${h.service.url}/v1/segments`, { headers: { authorization: 'Bearer dev-write-key' } });
    expect(res.status).toBe(401);
  });
});

describe('members, explain, preview and backfill', () => {
  const hot = [user('a'), user('b'), user('c')].sort();
  const cold = user('cold');

  beforeAll(async () => {
    for (const u of hot) await h.publish(...[1, 2, 3].map(() => h.track(u, 'Product Viewed', VIEW)));
    await h.publish(h.track(cold, 'Product Viewed', VIEW));
    for (const u of hot) await h.waitForChanges(u, 1, FLAGSHIP.key);
    await h.waitForStored(cold, FLAGSHIP.key, (s) => JSON.stringify(s.explanation).includes('"countInWindow":1'));
  });

  it('pages through a segment\u2019s members in user id order', async () => {
    const first = await json(await h.api('/v1/segments/flagship-hot/members?limit=2'));
    expect(first.members.map((m: { userId: string }) => m.userId)).toEqual(hot.slice(0, 2));
    const second = await json(await h.api(`/v1/segments/flagship-hot/members?limit=2&after=${encodeURIComponent(first.next)}`));
    expect(second.members.map((m: { userId: string }) => m.userId)).toEqual(hot.slice(2));
    expect(second.next).toBeNull();
    expect((await h.api('/v1/segments/flagship-hot/members?limit=0')).status).toBe(400);
  });

  it('explains, per condition, the count in the window, the last occurrence and the next change', async () => {
    const plain = await json(await h.api(`/v1/users/${hot[0]}/segments`));
    expect(plain.segments).toEqual([expect.objectContaining({ key: FLAGSHIP.key, member: true })]);
    const now = h.clock.now().getTime();
    const member = (await json(await h.api(`/v1/users/${hot[0]}/segments?explain=true`))).segments[0];
    expect(member).toMatchObject({ key: FLAGSHIP.key, member: true, explanation: { type: 'all', value: true, nextChangeAt: now + 7 * 86_400_000 } });
    expect(member.explanation.children[0]).toMatchObject({ type: 'event', value: true, countInWindow: 3, lastOccurredAt: now, windowStart: now - 7 * 86_400_000 });
    const outsider = (await json(await h.api(`/v1/users/${cold}/segments?explain=true`))).segments[0];
    expect(outsider).toMatchObject({ key: FLAGSHIP.key, member: false, explanation: { type: 'all', value: false } });
    // Below the minimum, ageing views can only lower the count: no next change without an event.
    expect(outsider.explanation.children[0]).toMatchObject({ type: 'event', value: false, countInWindow: 1, nextChangeAt: null });
  });

  it('previews a condition without saving it', async () => {
    const res = await h.api('/v1/segments/preview', { method: 'POST', body: { condition: { event: 'Product Viewed', count: { min: 1 } } } });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ count: 4, evaluated: 4 });
    expect((await json(await h.api('/v1/segments'))).segments).toHaveLength(1);
  });

  it('backfills a new segment over stored history, re-evaluates it on edit, and publishes nothing once deleted', async () => {
    const created = await h.api('/v1/segments', { method: 'POST', body: { key: 'viewers', name: 'Viewers', condition: { event: 'Product Viewed', count: { min: 1 } } } });
    expect(created.status).toBe(201);
    for (const u of [...hot, cold]) await h.waitForChanges(u, 1, 'viewers');
    expect(h.changesOf(cold, 'viewers')).toEqual([expect.objectContaining({ change: 'entered', cause: 'backfill', seq: 1 })]);
    expect(h.changesOf(hot[0], 'viewers')).toEqual([expect.objectContaining({ change: 'entered', cause: 'backfill', seq: 2 })]);
    await h.api('/v1/segments/viewers', { method: 'PUT', body: { key: 'viewers', name: 'Keen viewers', condition: { event: 'Product Viewed', count: { min: 2 } } } });
    await h.waitForChanges(cold, 2, 'viewers');
    expect(h.changesOf(cold, 'viewers').map((c) => `${c.change}:${c.cause}`)).toEqual(['entered:backfill', 'exited:backfill']);
    expect((await h.api('/v1/segments/viewers', { method: 'DELETE' })).status).toBe(204);
    const late = user('late');
    await h.publish(...[1, 2, 3].map(() => h.track(late, 'Product Viewed', VIEW)));
    await h.waitForChanges(late, 1, FLAGSHIP.key); // published in the same transaction a 'viewers' entry would have been
    expect(h.changesOf(late, 'viewers')).toEqual([]);
    expect(h.changesOf(cold, 'viewers')).toHaveLength(2);
  });
});

describe('audience query for catalog events', () => {
  it('finds who added the item within the window and has not ordered since, in pages', async () => {
    const [inCart, ordered, orderedBefore, otherItem, tooOld] = ['in-cart', 'ordered', 'ordered-before', 'other-item', 'too-old'].map((n) => `aud-${n}-${randomUUID().slice(0, 6)}`);
    const now = h.clock.now().getTime();
    const added = (u: string, productId: string, at = now) => h.track(u, 'Product Added', { productId, price: 39000 }, at);
    await h.publish(added(inCart, 'P-200', now - 29 * 86_400_000), added(inCart, 'P-200'));
    await h.publish(added(ordered, 'P-200', now - 1000), h.track(ordered, 'Order Completed', {}, now));
    await h.publish(h.track(orderedBefore, 'Order Completed', {}, now - 1000), added(orderedBefore, 'P-200'));
    await h.publish(added(otherItem, 'P-999'));
    await h.publish(added(tooOld, 'P-200', now - 31 * 86_400_000));
    const query = { event: 'Product Added', where: { productId: 'P-200' }, within: '30d', notFollowedBy: 'Order Completed' };
    const expected = [inCart, orderedBefore].sort();
    const all = await waitForAudience(query, expected);
    expect(all.users[0].lastAt).toBe(new Date(now).toISOString());
    const first = await json(await h.api('/v1/audiences/query', { method: 'POST', body: { ...query, limit: 1 } }));
    expect(first.users.map((u: { userId: string }) => u.userId)).toEqual([expected[0]]);
    const second = await json(await h.api('/v1/audiences/query', { method: 'POST', body: { ...query, limit: 1, after: first.next } }));
    expect(second.users.map((u: { userId: string }) => u.userId)).toEqual([expected[1]]);
    expect(second.next).toBeNull();
    const withoutExclusion = await json(await h.api('/v1/audiences/query', { method: 'POST', body: { ...query, notFollowedBy: undefined } }));
    expect(withoutExclusion.users.map((u: { userId: string }) => u.userId)).toEqual([inCart, ordered, orderedBefore].sort());
  });

  it('refuses a bad query naming the fields', async () => {
    const res = await h.api('/v1/audiences/query', { method: 'POST', body: { event: '', where: { productId: { eq: 1 } }, within: 'soon', extra: 1 } });
    expect(res.status).toBe(400);
    expect((await json(res)).fields.map((f: { path: string }) => f.path)).toEqual(['extra', 'event', 'where.productId', 'within']);
  });
});

/** Waits until every event is processed and the audience is exactly the expected users. */
async function waitForAudience(query: Record<string, unknown>, expected: string[]) {
  const { waitFor } = await import('@cairn/testing');
  return waitFor(async () => {
    const body = await json(await h.api('/v1/audiences/query', { method: 'POST', body: query }));
    return JSON.stringify(body.users.map((u: { userId: string }) => u.userId)) === JSON.stringify(expected) ? body : undefined;
  }, { what: `the audience ${expected.join(', ')}` });
}
