import { loadConfig } from '@cairn/config';
import { BehaviourEvent, CatalogEvent, MembershipChange, MessageRequest, TOPICS } from '@cairn/contracts';
import { ManualClock } from '@cairn/core';
import { ConsumerHandle, KafkaJsAdapter } from '@cairn/kafka';
import { RunningService, startService } from '@cairn/runtime';
import { createTestDatabase, TestDatabase, testInfra, testTopicPrefix, waitFor } from '@cairn/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { journeysService } from './journeys.service-definition';
import { UserJourneyView } from './runs/list-user-journeys/list-user-journeys.usecase';
import { ADMIN, journeysTestBus, readMessageRequests } from './testing/journeys-topics';

/**
 * Catalog entries (restock notices to the audience kept in journeys' own
 * item-interest projection) and schedule entries (a cron schedule for a
 * segment's members), on a real Kafka broker and Postgres with a manual clock.
 */
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const send = (template: string) => ({ type: 'send', channel: 'kakao', template, category: 'promotional', next: null });
const marker = (key: string, entry: Record<string, unknown>) => ({
  key,
  name: key,
  entry,
  reentry: { mode: 'always' },
  start: 'hold',
  steps: { hold: { type: 'wait', duration: '1h', next: null } },
});
const restock = {
  key: 'restock',
  name: 'Restock notice',
  entry: {
    catalogEvent: 'Product Restocked',
    audience: { event: 'Product Added', matchItem: 'productId', within: '30d', notFollowedBy: 'Order Completed' },
  },
  reentry: { mode: 'always' },
  start: 'notify',
  steps: { notify: send('restock-notice') },
};
const weekly = {
  key: 'weekly-loyal',
  name: 'Monday note to loyal customers',
  entry: { schedule: '0 10 * * MON', segment: 'loyal' },
  reentry: { mode: 'always' },
  start: 'note',
  steps: { note: send('weekly-note') },
};

let db: TestDatabase;
let service: RunningService;
let bus: KafkaJsAdapter;
let reader: ConsumerHandle;
let prefix: string;
// Monday 2 November 2026, 09:00 in Seoul (the dev workspace's time zone).
const clock = new ManualClock(Date.UTC(2026, 10, 2, 0, 0));
const requests: MessageRequest[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = testTopicPrefix();
  bus = await journeysTestBus([prefix]);
  const config = loadConfig({ service: 'journeys', env: { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: db.url, LOG_LEVEL: 'warn' } });
  service = await startService(journeysService, { ...config, port: 0, kafka: { ...config.kafka!, topicPrefix: prefix } }, { clock, host: '127.0.0.1' });
  reader = await readMessageRequests(bus, [prefix], (request) => requests.push(request));
  for (const journey of [restock, weekly, marker('added', { event: 'Product Added' }), marker('ordered', { event: 'Order Completed' })]) {
    expect((await api('POST', '/v1/journeys', journey)).status).toBe(201);
    expect((await api('POST', `/v1/journeys/${journey.key}/publish`)).status).toBe(200);
  }
  for (const on of ['enter', 'exit']) {
    await api('POST', '/v1/journeys', marker(`loyal-${on}`, { segment: 'loyal', on }));
    await api('POST', `/v1/journeys/loyal-${on}/publish`);
  }
});

afterAll(async () => {
  await reader?.stop();
  await service?.stop();
  await bus?.disconnect();
  await db?.drop();
});

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${service.url}${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
}

function track(userId: string, event: string, properties: Record<string, unknown>, at = clock.now()): BehaviourEvent {
  return {
    v: 1,
    workspaceId: 'dev',
    messageId: randomUUID(),
    type: 'track',
    userId,
    event,
    properties,
    timestamp: at.toISOString(),
    receivedAt: clock.now().toISOString(),
  };
}

function restocked(itemId: string): CatalogEvent {
  const at = clock.now().toISOString();
  return {
    v: 1,
    workspaceId: 'dev',
    messageId: randomUUID(),
    event: 'Product Restocked',
    itemId,
    properties: { name: 'Linen shirt' },
    timestamp: at,
    receivedAt: at,
  };
}

function membership(userId: string, change: 'entered' | 'exited', seq: number): MembershipChange {
  return { v: 1, workspaceId: 'dev', userId, segmentKey: 'loyal', change, seq, at: clock.now().toISOString(), cause: 'event' };
}

async function publish(topic: string, values: Array<BehaviourEvent | CatalogEvent | MembershipChange>): Promise<void> {
  await bus.publishBatch(values.map((v) => ({ topic: prefix + topic, key: 'itemId' in v ? `dev:${v.itemId}` : `dev:${v.userId}`, value: JSON.stringify(v) })));
}

/** Waits until each user has `count` runs of the journey (the consumer has handled their events so far). */
async function runsReached(journey: string, expected: Record<string, number>): Promise<void> {
  await waitFor(
    async () => {
      for (const [userId, count] of Object.entries(expected)) {
        const runs = (await api('GET', `/v1/users/${userId}/journeys`)).body as UserJourneyView[];
        if (runs.filter((r) => r.journey.key === journey).length !== count) return false;
      }
      return true;
    },
    { what: `${journey} runs ${JSON.stringify(expected)}` },
  );
}

const sentTo = (template: string) =>
  requests
    .filter((r) => r.template === template)
    .map((r) => r.userId)
    .sort();

describe('catalog entries', () => {
  it('gives each interested user exactly one restock notice over three restocks, none to those who ordered it', async () => {
    const products = [{ productId: 'P-1', quantity: 1 }];
    await publish(TOPICS.events, [
      track('u-want', 'Product Added', { productId: 'P-1' }),
      track('u-bought', 'Product Added', { productId: 'P-1' }),
      track('u-bought', 'Order Completed', { orderId: 'o1', products }),
      track('u-other', 'Product Added', { productId: 'P-2' }),
      track('u-stale', 'Product Added', { productId: 'P-1' }, new Date(clock.now().getTime() - 31 * DAY)),
      track('u-again', 'Order Completed', { orderId: 'o2', products }, new Date(clock.now().getTime() - 2 * DAY)),
      track('u-again', 'Product Added', { productId: 'P-1' }),
    ]);
    await runsReached('added', { 'u-want': 1, 'u-bought': 1, 'u-other': 1, 'u-stale': 1, 'u-again': 1 });
    await runsReached('ordered', { 'u-bought': 1, 'u-again': 1 });

    await publish(TOPICS.catalogEvents, [restocked('P-1')]);
    clock.advance(3 * MINUTE);
    await publish(TOPICS.catalogEvents, [restocked('P-1'), restocked('P-1')]); // the second one redelivered below
    clock.advance(MINUTE);
    await publish(TOPICS.events, [track('u-late', 'Product Added', { productId: 'P-1' })]);
    await runsReached('added', { 'u-late': 1 });
    clock.advance(5 * MINUTE);
    const third = restocked('P-1');
    await publish(TOPICS.catalogEvents, [third, third]);

    // u-late showed interest after the second restock: only the third (same item, same partition, so last) reaches them.
    await waitFor(() => sentTo('restock-notice').includes('u-late'), { what: 'the third restock to be handled' });
    // The runs and their requests commit together: the stats are final once the third restock's request is out.
    const stats = (await api('GET', '/v1/journeys/restock/stats')).body as { versions: Array<{ entered: number; messages: Record<string, number> }> };
    expect(stats.versions).toEqual([expect.objectContaining({ entered: 3, messages: { requested: 3 } })]);
    expect(sentTo('restock-notice')).toEqual(['u-again', 'u-late', 'u-want']);
    const notice = requests.find((r) => r.userId === 'u-want' && r.template === 'restock-notice')!;
    expect(notice.context.entry).toMatchObject({ kind: 'catalog', event: 'Product Restocked', properties: { itemId: 'P-1', name: 'Linen shirt' } });
  });
});

describe('schedule entries', () => {
  it('enters every current member of the segment at each occurrence of the schedule', async () => {
    await publish(TOPICS.segmentMembership, [membership('u-loyal1', 'entered', 1), membership('u-loyal2', 'entered', 1), membership('u-gone', 'entered', 1)]);
    await runsReached('loyal-enter', { 'u-loyal1': 1, 'u-loyal2': 1, 'u-gone': 1 });
    await publish(TOPICS.segmentMembership, [membership('u-gone', 'exited', 2)]);
    await runsReached('loyal-exit', { 'u-gone': 1 });

    clock.set(new Date(Date.UTC(2026, 10, 2, 1, 0))); // Monday 10:00 in Seoul
    await waitFor(() => sentTo('weekly-note').length === 2, { what: 'the first Monday note' });
    expect(sentTo('weekly-note')).toEqual(['u-loyal1', 'u-loyal2']);

    clock.set(new Date(Date.UTC(2026, 10, 9, 0, 59))); // a minute before the next Monday 10:00
    await publish(TOPICS.segmentMembership, [membership('u-loyal3', 'entered', 1)]);
    await runsReached('loyal-enter', { 'u-loyal3': 1 });
    clock.advance(MINUTE);
    await waitFor(() => sentTo('weekly-note').length === 5, { what: 'the second Monday note' });
    expect(sentTo('weekly-note')).toEqual(['u-loyal1', 'u-loyal1', 'u-loyal2', 'u-loyal2', 'u-loyal3']);
    const stats = (await api('GET', '/v1/journeys/weekly-loyal/stats')).body as { versions: Array<{ entered: number }> };
    expect(stats.versions).toEqual([expect.objectContaining({ entered: 5 })]);
  });
});

describe('branch conditions', () => {
  it('branches on traits and memberships journeys keeps', async () => {
    const gift = {
      key: 'gift',
      name: 'Gift by tier',
      entry: { event: 'Gift Checked' },
      reentry: { mode: 'always' },
      start: 'tier',
      steps: {
        tier: { type: 'branch', if: { all: [{ trait: 'tier', op: 'eq', value: 'gold' }, { not: { segment: 'dormant' } }] }, then: 'gold', else: 'regular' },
        gold: send('gold-gift'),
        regular: send('regular-gift'),
      },
    };
    expect((await api('POST', '/v1/journeys', gift)).status).toBe(201);
    expect((await api('POST', '/v1/journeys/gift/publish')).status).toBe(200);
    const identify = (userId: string, tier: string): BehaviourEvent => ({ ...track(userId, '', {}), type: 'identify', event: undefined, traits: { tier } });
    await publish(TOPICS.events, [identify('u-gold', 'gold'), track('u-gold', 'Gift Checked', {})]);
    await publish(TOPICS.events, [identify('u-silver', 'silver'), track('u-silver', 'Gift Checked', {})]);
    await waitFor(() => sentTo('gold-gift').length + sentTo('regular-gift').length === 2, { what: 'both gifts' });
    expect({ gold: sentTo('gold-gift'), regular: sentTo('regular-gift') }).toEqual({ gold: ['u-gold'], regular: ['u-silver'] });
  });

  it('refuses a branch on event history with 400 naming the leaf; a version stored before takes else, as it did', async () => {
    const onHistory = { any: [{ segment: 'dormant' }, { event: 'Product Viewed', within: '7d' }] };
    const viewed = {
      key: 'viewed',
      name: 'Viewed lately',
      entry: { event: 'Viewed Checked' },
      reentry: { mode: 'always' },
      start: 'check',
      steps: { check: { type: 'branch', if: onHistory, then: 'viewer', else: 'other' }, viewer: send('viewer-note'), other: send('other-note') },
    };
    const refused = await api('POST', '/v1/journeys', viewed);
    expect(refused).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', fields: [{ path: 'steps.check.if.any.1', message: expect.stringMatching(/^a branch cannot see event history/) }] },
    });

    // A version published before branches refused event history keeps its definition as it was saved.
    const valid = { ...viewed, steps: { ...viewed.steps, check: { ...viewed.steps.check, if: { segment: 'dormant' } } } };
    expect((await api('POST', '/v1/journeys', valid)).status).toBe(201);
    expect((await api('POST', '/v1/journeys/viewed/publish')).status).toBe(200);
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    await sql.query(
      `UPDATE journeys.journey_versions v SET definition = jsonb_set(v.definition, '{steps,check,if}', $1::jsonb)
       FROM journeys.journeys j WHERE j.id = v.journey_id AND j.key = 'viewed'`,
      [JSON.stringify(onHistory)],
    );
    await sql.end();
    await publish(TOPICS.events, [track('u-viewer', 'Product Viewed', {}), track('u-viewer', 'Viewed Checked', {})]);
    await waitFor(() => sentTo('viewer-note').length + sentTo('other-note').length === 1, { what: 'the note' });
    expect(sentTo('other-note')).toEqual(['u-viewer']);
  });
});
