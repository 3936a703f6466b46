import { createTestDatabase, TestDatabase, waitFor } from '@cairn/testing';
import { WorkspaceApi } from './support/api';
import { startAllInOne, Stack } from './support/stack';
import { scenarioWorkspace } from './support/workspaces';

/**
 * The all-in-one's in-process bus keeps nothing across a restart. Stopped
 * (SIGTERM) right after a burst of accepted events, it must still lose none:
 * what is in flight reaches its consumers before they stop, and what cannot
 * stays in an outbox and goes out after the next start.
 */
const USERS = 600;
const PER_BATCH = 50;
const workspace = scenarioWorkspace('shutdown');
let db: TestDatabase;
let stack: Stack | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await stack?.stop();
  await db?.drop();
});

it(`reflects all ${USERS} accepted events in segment membership and journey entries across a SIGTERM right after they were accepted and a restart`, async () => {
  stack = await startAllInOne([workspace], { database: db });
  const api = new WorkspaceApi(stack, workspace);
  await api.segment({ key: 'viewers', name: 'Viewed something this week', condition: { event: 'Product Viewed', within: '7d' } });
  // Membership changes travel on to journeys: the last hop before a message.
  await api.channel('log');
  await api.template('hello', 'Hello', 'transactional');
  await api.journey({
    key: 'on-view',
    name: 'A message on entering viewers',
    entry: { segment: 'viewers', on: 'enter' },
    start: 'send',
    steps: { send: { type: 'send', channel: 'log', template: 'hello', category: 'transactional', next: null } },
  });
  for (let b = 0; b < USERS / PER_BATCH; b++) {
    const batch = Array.from({ length: PER_BATCH }, (_, i) => ({
      type: 'track',
      userId: `u-${b * PER_BATCH + i}`,
      event: 'Product Viewed',
      properties: { productId: 'P-1' },
    }));
    await api.request('events', 'POST', '/v1/batch', { batch }, workspace.writeKey);
  }
  await stack.stop();
  expect(stack.output()).not.toMatch(/"level":"(error|fatal)"/);

  stack = await startAllInOne([workspace], { database: db });
  const restarted = new WorkspaceApi(stack, workspace);
  await waitFor(
    async () => {
      const page = await restarted.request<{ members: unknown[] }>('segments', 'GET', '/v1/segments/viewers/members?limit=1000');
      return page.members.length === USERS;
    },
    { what: `all ${USERS} users in the segment after the restart`, timeoutMs: 60_000, intervalMs: 250 },
  );
  await waitFor(
    async () => {
      const stats = await restarted.request<{ versions: Array<{ entered: number }> }>('journeys', 'GET', '/v1/journeys/on-view/stats');
      return stats.versions[0]?.entered === USERS;
    },
    { what: `all ${USERS} users to enter the journey after the restart`, timeoutMs: 60_000, intervalMs: 250 },
  );
});
