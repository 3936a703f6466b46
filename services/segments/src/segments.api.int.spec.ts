import { devWorkspace } from '@cairn/config';
import { randomUUID } from 'node:crypto';
import { waitFor } from '@cairn/testing';
import { NEVER_CONDITION } from './segments/openapi-examples';
import { FLAGSHIP, otherWorkspace, SegmentsHarness } from './testing/segments.harness';

/**
 * The segments REST API (admin key, workspace-scoped) and backfill, on the
 * real Kafka broker and Postgres.
 */
const h = new SegmentsHarness({ workspaces: [devWorkspace(), otherWorkspace()] });
const ACME = { adminKey: 'acme-admin-key' };
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

  it('refuses a NUL character (which Postgres cannot store) with 400 naming the field, not 500', async () => {
    const res = await h.api('/v1/segments', { method: 'POST', body: { key: 'nul', name: 'a\u0000b', condition: { trait: 'tier', op: 'eq', value: 'gold' } } });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ code: 'NUL_CHARACTER', fields: [{ path: 'name' }] });
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
    const ref = await h.api('/v1/segments', {
      method: 'POST',
      body: { key: 'gold-hot', name: 'Gold and hot', condition: { all: [{ segment: 'gold' }, { segment: 'flagship-hot' }] } },
    });
    expect(ref.status).toBe(201);
    const renamed = await h.api('/v1/segments/gold', { method: 'PUT', body: { key: 'platinum', name: 'x', condition: { trait: 'tier', op: 'exists' } } });
    expect(renamed.status).toBe(400);
    expect((await json(renamed)).fields).toEqual([expect.objectContaining({ path: 'key' })]);
    const cycle = await h.api('/v1/segments/gold', { method: 'PUT', body: { key: 'gold', name: 'x', condition: { segment: 'gold-hot' } } });
    expect(cycle.status).toBe(400);
    expect((await h.api('/v1/segments/gold', { method: 'DELETE' })).status).toBe(409);
    const replaced = await h.api('/v1/segments/gold', {
      method: 'PUT',
      body: { key: 'gold', name: 'Gold tier', condition: { trait: 'tier', op: 'in', value: ['gold', 'vip'] } },
    });
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

  it('gives each member with their traits when asked (?traits=true), as messaging reads broadcast recipients', async () => {
    await h.publish(h.identify(hot[0], `anon-${hot[0]}`, { email: 'a@example.com', timezone: 'Asia/Seoul' }));
    const page = await waitFor(
      async () => {
        const body = await json(await h.api('/v1/segments/flagship-hot/members?traits=true'));
        return body.members[0]?.traits?.email ? body : undefined;
      },
      { what: 'the identified member with her traits' },
    );
    expect(page.members).toEqual([
      { userId: hot[0], enteredAt: expect.any(String), traits: { email: 'a@example.com', timezone: 'Asia/Seoul' } },
      { userId: hot[1], enteredAt: expect.any(String), traits: {} },
      { userId: hot[2], enteredAt: expect.any(String), traits: {} },
    ]);
    expect((await json(await h.api('/v1/segments/flagship-hot/members'))).members[0]).not.toHaveProperty('traits');
    expect((await h.api('/v1/segments/flagship-hot/members?traits=yes')).status).toBe(400);
  });

  it('explains, per condition, the count in the window, the last occurrence and the next change', async () => {
    const plain = await json(await h.api(`/v1/users/${hot[0]}/segments`));
    expect(plain.segments).toEqual([expect.objectContaining({ key: FLAGSHIP.key, member: true })]);
    const now = h.clock.now().getTime();
    const member = (await json(await h.api(`/v1/users/${hot[0]}/segments?explain=true`))).segments[0];
    expect(member).toMatchObject({ key: FLAGSHIP.key, member: true, explanation: { type: 'all', value: true, nextChangeAt: now + 7 * 86_400_000 } });
    expect(member.explanation.children[0]).toMatchObject({
      type: 'event',
      value: true,
      countInWindow: 3,
      lastOccurredAt: now,
      windowStart: now - 7 * 86_400_000,
    });
    const outsider = (await json(await h.api(`/v1/users/${cold}/segments?explain=true`))).segments[0];
    expect(outsider).toMatchObject({ key: FLAGSHIP.key, member: false, explanation: { type: 'all', value: false } });
    // Below the minimum, ageing views can only lower the count: no next change without an event.
    expect(outsider.explanation.children[0]).toMatchObject({ type: 'event', value: false, countInWindow: 1, nextChangeAt: null });
  });

  it('previews a condition without saving it', async () => {
    const res = await h.api('/v1/segments/preview', { method: 'POST', body: { condition: { event: 'Product Viewed', count: { min: 1 } } } });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ count: 4, evaluated: 4, truncated: false });
    expect((await json(await h.api('/v1/segments'))).segments).toHaveLength(1);
  });

  it('caps a preview at maxUsers evaluated users, in user id order, and says it was truncated', async () => {
    const body = { condition: { event: 'Product Viewed', count: { min: 1 } } };
    const capped = await json(await h.api('/v1/segments/preview?maxUsers=2&sample=5', { method: 'POST', body }));
    expect(capped).toEqual({ count: 2, evaluated: 2, truncated: true, sample: hot.slice(0, 2) });
    const exact = await json(await h.api('/v1/segments/preview?maxUsers=4', { method: 'POST', body }));
    expect(exact).toMatchObject({ count: 4, evaluated: 4, truncated: false });
    const tooMany = await h.api('/v1/segments/preview?maxUsers=20001', { method: 'POST', body });
    expect(tooMany.status).toBe(400);
    expect((await json(tooMany)).fields).toEqual([expect.objectContaining({ path: 'maxUsers' })]);
  });

  it('backfills a new segment over stored history, re-evaluates it on edit, and publishes nothing once deleted', async () => {
    const created = await h.api('/v1/segments', {
      method: 'POST',
      body: { key: 'viewers', name: 'Viewers', condition: { event: 'Product Viewed', count: { min: 1 } } },
    });
    expect(created.status).toBe(201);
    for (const u of [...hot, cold]) await h.waitForChanges(u, 1, 'viewers');
    expect(h.changesOf(cold, 'viewers')).toEqual([expect.objectContaining({ change: 'entered', cause: 'backfill', seq: 1 })]);
    expect(h.changesOf(hot[0], 'viewers')).toEqual([expect.objectContaining({ change: 'entered', cause: 'backfill', seq: 2 })]);
    await h.api('/v1/segments/viewers', {
      method: 'PUT',
      body: { key: 'viewers', name: 'Keen viewers', condition: { event: 'Product Viewed', count: { min: 2 } } },
    });
    await h.waitForChanges(cold, 2, 'viewers');
    expect(h.changesOf(cold, 'viewers').map((c) => `${c.change}:${c.cause}`)).toEqual(['entered:backfill', 'exited:backfill']);
    expect((await json(await h.api(`/v1/users/${hot[0]}/segments`))).segments.map((x: { key: string }) => x.key)).toContain('viewers');
    expect((await h.api('/v1/segments/viewers', { method: 'DELETE' })).status).toBe(204);
    // Consistent as soon as the delete answers: no member list, no membership, no explanation.
    expect((await h.api('/v1/segments/viewers/members')).status).toBe(404);
    expect((await h.api('/v1/segments/viewers')).status).toBe(404);
    expect((await json(await h.api(`/v1/users/${hot[0]}/segments`))).segments.map((x: { key: string }) => x.key)).toEqual([FLAGSHIP.key]);
    const explained = await json(await h.api(`/v1/users/${hot[0]}/segments?explain=true`));
    expect(explained.segments.map((x: { key: string }) => x.key)).toEqual([FLAGSHIP.key]);
    const late = user('late');
    await h.publish(...[1, 2, 3].map(() => h.track(late, 'Product Viewed', VIEW)));
    await h.waitForChanges(late, 1, FLAGSHIP.key); // published in the same transaction a 'viewers' entry would have been
    expect(h.changesOf(late, 'viewers')).toEqual([]);
    expect(h.changesOf(cold, 'viewers')).toHaveLength(2);
  });
});

describe('giving members an exit before a delete (documented on DELETE)', () => {
  it('publishes exits when the condition is replaced by one nobody meets, then nothing once deleted', async () => {
    const viewer = user('drained');
    await h.publish(h.track(viewer, 'Product Viewed', VIEW));
    await h.waitForStored(viewer, FLAGSHIP.key, (s) => JSON.stringify(s.explanation).includes('"countInWindow":1'));
    const definition = { key: 'drained', name: 'Drained', condition: { event: 'Product Viewed', count: { min: 1 } } };
    expect((await h.api('/v1/segments', { method: 'POST', body: definition })).status).toBe(201);
    await h.waitForChanges(viewer, 1, 'drained');
    await h.api('/v1/segments/drained', { method: 'PUT', body: { ...definition, condition: NEVER_CONDITION } });
    const changes = await h.waitForChanges(viewer, 2, 'drained');
    expect(changes.map((c) => `${c.change}:${c.cause}`)).toEqual(['entered:backfill', 'exited:backfill']);
    expect((await h.api('/v1/segments/drained/members')).status).toBe(200);
    expect((await json(await h.api('/v1/segments/drained/members'))).members).toEqual([]);
    expect((await h.api('/v1/segments/drained', { method: 'DELETE' })).status).toBe(204);
  });
});

describe('audience query for catalog events', () => {
  it('finds who added the item within the window and has not ordered since, in pages', async () => {
    const [inCart, ordered, orderedBefore, otherItem, tooOld] = ['in-cart', 'ordered', 'ordered-before', 'other-item', 'too-old'].map(
      (n) => `aud-${n}-${randomUUID().slice(0, 6)}`,
    );
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
    // Two properties: answered from the stored states instead of the item table, with the same answer.
    const byStates = await json(await h.api('/v1/audiences/query', { method: 'POST', body: { ...query, where: { productId: 'P-200', price: 39000 } } }));
    expect(byStates).toEqual(all);
  });

  it('moves an anonymous visitor\u2019s item interest to the user it is linked to', async () => {
    const anon = `aud-anon-${randomUUID().slice(0, 6)}`;
    const u = `aud-user-${randomUUID().slice(0, 6)}`;
    const query = { event: 'Product Added', where: { sku: 'SKU-7' }, within: '1d' };
    await h.publish(h.anonymous(h.track(anon, 'Product Added', { sku: 'SKU-7' })));
    await waitForAudience(query, [anon]);
    await h.publish(h.identify(u, anon));
    await waitForAudience(query, [u]);
  });

  it('refuses a bad query naming the fields', async () => {
    const res = await h.api('/v1/audiences/query', { method: 'POST', body: { event: '', where: { productId: { eq: 1 } }, within: 'soon', extra: 1 } });
    expect(res.status).toBe(400);
    expect((await json(res)).fields.map((f: { path: string }) => f.path)).toEqual(['extra', 'event', 'where.productId', 'within']);
  });
});

describe('workspace isolation (two configured workspaces)', () => {
  it('answers 404 for another workspace\u2019s segment and never shows its members, users or audiences', async () => {
    const shared = user('shared'); // the same user id in both workspaces
    const acmeOnly = user('acme-only');
    const acmeHot = { ...FLAGSHIP, name: 'Acme flagship' }; // the same key as dev's segment
    const created = await h.api('/v1/segments', { method: 'POST', body: acmeHot, ...ACME });
    expect(created.status).toBe(201);
    const acmeSegment = await json(created);
    const acmeViews = (u: string) => [1, 2, 3].map(() => h.track(u, 'Product Viewed', { productId: 'P-100' }, undefined, 'acme'));
    await h.publish(...acmeViews(shared), ...acmeViews(acmeOnly), h.track(acmeOnly, 'Product Added', { productId: 'P-ACME' }, undefined, 'acme'));
    await waitForAcmeMembers(acmeSegment.id, [acmeOnly, shared].sort());

    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await h.api(`/v1/segments/${acmeSegment.id}`, { method, body: method === 'PUT' ? acmeHot : undefined });
      expect([method, res.status]).toEqual([method, 404]);
    }
    expect((await h.api(`/v1/segments/${acmeSegment.id}/members`)).status).toBe(404);
    const devMembers = (await json(await h.api(`/v1/segments/${FLAGSHIP.key}/members?limit=1000`))).members.map((m: { userId: string }) => m.userId);
    expect(devMembers).not.toContain(shared);
    expect(devMembers).not.toContain(acmeOnly);
    expect((await json(await h.api(`/v1/users/${shared}/segments`))).segments).toEqual([]);
    const explained = (await json(await h.api(`/v1/users/${shared}/segments?explain=true`))).segments;
    expect(explained.find((x: { key: string }) => x.key === FLAGSHIP.key).explanation.value).toBe(false);
    expect(explained.map((x: { id: string }) => x.id)).not.toContain(acmeSegment.id);
    const audience = { event: 'Product Added', where: { productId: 'P-ACME' }, within: '30d' };
    expect((await json(await h.api('/v1/audiences/query', { method: 'POST', body: audience }))).users).toEqual([]);
    expect((await json(await h.api('/v1/audiences/query', { method: 'POST', body: audience, ...ACME }))).users).toEqual([
      expect.objectContaining({ userId: acmeOnly }),
    ]);
    const preview = { condition: { event: 'Product Added', where: { productId: 'P-ACME' }, count: { min: 1 } } };
    expect(await json(await h.api('/v1/segments/preview', { method: 'POST', body: preview }))).toMatchObject({ count: 0 });
    expect(await json(await h.api('/v1/segments/preview', { method: 'POST', body: preview, ...ACME }))).toMatchObject({ count: 1, sample: [acmeOnly] });
    expect((await json(await h.api('/v1/segments'))).segments.map((x: { id: string }) => x.id)).not.toContain(acmeSegment.id);
    expect(h.changesOf(shared).every((c) => c.workspaceId === 'acme')).toBe(true);
  });
});

async function waitForAcmeMembers(segmentId: string, expected: string[]) {
  const { waitFor } = await import('@cairn/testing');
  return waitFor(
    async () => {
      const body = await json(await h.api(`/v1/segments/${segmentId}/members`, ACME));
      return JSON.stringify(body.members.map((m: { userId: string }) => m.userId)) === JSON.stringify(expected);
    },
    { what: `acme members ${expected.join(', ')}` },
  );
}

/** Waits until every event is processed and the audience is exactly the expected users. */
async function waitForAudience(query: Record<string, unknown>, expected: string[]) {
  const { waitFor } = await import('@cairn/testing');
  return waitFor(
    async () => {
      const body = await json(await h.api('/v1/audiences/query', { method: 'POST', body: query }));
      return JSON.stringify(body.users.map((u: { userId: string }) => u.userId)) === JSON.stringify(expected) ? body : undefined;
    },
    { what: `the audience ${expected.join(', ')}` },
  );
}
