import { waitFor } from '@cairn/testing';
import { randomBytes } from 'node:crypto';
import { WorkspaceApi } from '../support/api';
import { findInEveryTable } from '../support/leftovers';
import { ADVERTISING, CHANNEL, onEventSend, scenario } from './scenario';

interface Person {
  userId: string;
  requestedId?: string;
  traits: Record<string, unknown>;
  identities: { anonymousIds: Array<{ id: string }>; aliases: Array<{ id: string }> };
  events: Array<{ name: string }>;
  segments: Array<{ key: string }>;
  journeys: Array<{ journey: { key: string }; status: string }>;
  consents: { channels: Record<string, unknown> };
  messages: Array<{ status: string; content: { text?: string } }>;
}

interface Export {
  userId: string;
  ids: string[];
  services: {
    segments: { traits: Record<string, unknown>; events: Array<{ name: string }>; segments: unknown[] };
    journeys: { runs: unknown[] };
    messaging: { consents: Record<string, unknown>; messages: Array<{ context: { user: Record<string, unknown> } }> };
    events: { pendingEvents: unknown[] };
  };
}

async function setUp(api: WorkspaceApi): Promise<void> {
  await api.channel(CHANNEL);
  await api.template('welcome', '{{ user.name }}님, 환영합니다', 'transactional');
  await api.template('marker', 'marker', 'transactional');
  await api.segment({ key: 'viewers', name: 'Viewed a product', condition: { event: 'Product Viewed', count: { min: 1 } } });
  await api.journey({
    ...onEventSend('welcome', 'Signed Up', 'welcome'),
    steps: { send: { type: 'send', channel: CHANNEL, template: 'welcome', category: 'transactional', next: null } },
  });
  await api.journey({
    ...onEventSend('marker', 'Page Marker', 'marker'),
    steps: { send: { type: 'send', channel: CHANNEL, template: 'marker', category: 'transactional', next: null } },
  });
  await api.journey({
    key: 'cart',
    name: 'Cart',
    entry: { event: 'Product Added' },
    reentry: { mode: 'always' },
    exitOn: [],
    holdout: 0,
    start: 'wait',
    steps: { wait: { type: 'waitUntil', event: 'Order Completed', timeout: '1h', onEvent: null, onTimeout: null } },
  });
}

/**
 * Erasure and export: a person known by a user id and an anonymous id, with an
 * email and a phone number, in every service (history and segments, a run
 * waiting on a timer, a sent message, consents). After `DELETE` completes no
 * table of any schema holds any of the four; the person's old events sent
 * again (the same message ids, and again under new ids as after the dedupe
 * horizon) bring nothing back; later events start a new, empty person.
 */
export const erasure = scenario(
  'erasure',
  'erasure: the person whole, the export, then DELETE leaves no trace in any table and old events bring nothing back',
  async (api) => {
    await setUp(api);
    const s = randomBytes(4).toString('hex');
    const [userId, anonymousId, email, phone] = [
      `person-${s}`,
      `visitor-${s}`,
      `person.${s}@example.com`,
      `+8210555${parseInt(s, 16) % 10000}`.padEnd(13, '7'),
    ];
    await api.consent(userId, ADVERTISING);
    const at = new Date(Date.now() - 60_000).toISOString();
    const old = [
      { type: 'track', anonymousId, event: 'Product Viewed', properties: { productId: 'P-100' }, messageId: `m-${s}-1`, timestamp: at },
      { type: 'identify', userId, anonymousId, traits: { name: '지민', email, phone }, messageId: `m-${s}-2`, timestamp: at },
      { type: 'track', userId, event: 'Product Added', properties: { cartId: `c-${s}` }, messageId: `m-${s}-3`, timestamp: at },
      { type: 'track', userId, event: 'Signed Up', messageId: `m-${s}-4`, timestamp: at },
    ];
    await api.batch(old);
    await api.waitForMessages(userId, (m) => m.length === 1, 'the welcome message');
    await waitFor(async () => (await api.runs(userId)).length === 2 && (await api.segments(userId)).includes('viewers'), { what: 'the runs and the segment' });

    // The person whole, asked by the anonymous id.
    const person = await api.people<Person>('GET', `/v1/users/${anonymousId}`);
    expect(person.status).toBe(200);
    expect(person.body).toMatchObject({ userId, requestedId: anonymousId, traits: { name: '지민', email, phone } });
    expect(person.body.identities.anonymousIds.map((i) => i.id)).toEqual([anonymousId]);
    expect(person.body.events.map((e) => e.name).sort()).toEqual(['Product Added', 'Product Viewed', 'Signed Up']);
    expect(person.body.segments.map((x) => x.key)).toEqual(['viewers']);
    expect(person.body.journeys.map((r) => [r.journey.key, r.status]).sort()).toEqual([
      ['cart', 'active'],
      ['welcome', 'completed'],
    ]);
    expect(Object.keys(person.body.consents.channels)).toEqual([CHANNEL]);
    expect(person.body.messages.map((m) => [m.status, m.content.text])).toEqual([['SENT', '지민님, 환영합니다']]);
    const exported = await api.people<Export>('GET', `/v1/users/${userId}/export`);
    expect(exported.status).toBe(200);
    expect(exported.body.ids.sort()).toEqual([userId, anonymousId].sort());
    expect(exported.body.services.segments.traits).toMatchObject({ email, phone });
    expect(exported.body.services.journeys.runs).toHaveLength(2);
    expect(exported.body.services.messaging.messages.map((m) => m.context.user.email)).toEqual([email]);
    const needles = [userId, anonymousId, email, phone];
    expect((await findInEveryTable(api.databaseUrl, needles)).length).toBeGreaterThan(0); // the search finds what is there

    const erased = await api.people<{ userId: string; erasureId: string }>('DELETE', `/v1/users/${anonymousId}`);
    expect(erased).toMatchObject({ status: 202, body: { userId } });
    const status = await waitFor(
      async () => {
        const answer = await api.people<{ status: string; services: Record<string, { status: string }> }>('GET', `/v1/users/${userId}/erasure`);
        return answer.body?.status === 'completed' ? answer.body : undefined;
      },
      { what: 'every service to complete the erasure' },
    );
    expect(Object.values(status.services).map((x) => x.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(await findInEveryTable(api.databaseUrl, needles)).toEqual([]);
    expect((await api.people('GET', `/v1/users/${userId}`)).status).toBe(404);

    // The old events again: the same message ids, then new ones with the old times (as after the 48-hour dedupe horizon).
    await api.batch(old);
    await api.batch(old.map((e, i) => ({ ...e, messageId: `m-${s}-again-${i}` })));
    // Then the ids' first events as a new person, behind the replays on each id's partition.
    await api.batch([
      { type: 'track', anonymousId, event: 'Page Marker', messageId: `m-${s}-5` },
      { type: 'track', userId, event: 'Page Marker', messageId: `m-${s}-6` },
    ]);
    await api.waitForMessages(userId, (m) => m.length === 1, "the new person's marker message");
    await waitFor(async () => (await api.people<Export>('GET', `/v1/users/${anonymousId}/export`)).body.services.segments.events.length === 1, {
      what: "the anonymous id's marker in segments",
    });
    const again = await api.people<Export>('GET', `/v1/users/${userId}/export`);
    expect(again.body.services.segments).toMatchObject({ traits: {}, events: [{ name: 'Page Marker' }], segments: [] });
    expect(again.body.services.messaging.consents).toEqual({});
    expect((await api.messages(userId)).map((m) => m.content.text)).toEqual(['marker']);
    expect((await api.runs(userId)).map((r) => r.journey.key)).toEqual(['marker']);
    expect(await findInEveryTable(api.databaseUrl, [email, phone])).toEqual([]);
  },
);
