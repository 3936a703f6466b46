import { TOPICS } from '@cairn/contracts';
import { ManualClock } from '@cairn/core';
import { waitFor } from '@cairn/testing';
import { post, useEventsService } from '../testing/events-test-kit';
import { AcceptanceWriter } from './acceptance-writer';
import { AcceptanceRequest, AcceptedMessageRepository } from './accepted-messages.repository';

const clock = new ManualClock('2026-11-02T10:00:00Z');

/** A request of workspace `ws` whose messages carry `tag` in their value, so the copy that won is visible. */
function request(workspaceId: string, tag: string, ids: string[]): AcceptanceRequest {
  const messages = ids.map((id) => ({
    messageId: id,
    message: { topic: TOPICS.events, key: `${workspaceId}:u`, value: JSON.stringify({ workspaceId, messageId: id, tag }) },
  }));
  return { workspaceId, stream: 'events', receivedAt: clock.now(), messages };
}

describe('events: concurrent requests written by one statement (group commit)', () => {
  const svc = useEventsService(clock);

  const published = () => svc.recorder.values<{ workspaceId: string; messageId: string; tag: string }>();

  it('keeps the first copy of a messageId across the requests of one statement, per workspace, and counts per request', async () => {
    const counts = await new AcceptedMessageRepository(svc.running.platform.dataSource.manager).acceptNew([
      request('dev', 'first', ['g-1', 'g-2']),
      request('dev', 'second', ['g-2', 'g-3', 'g-3']),
      request('shop-b', 'other-workspace', ['g-1']),
    ]);
    svc.running.platform.outbox.nudge();
    expect(counts).toEqual([2, 1, 1]);
    await waitFor(() => published().filter((e) => e.messageId.startsWith('g-')).length >= 4, { what: 'the four new messages' });
    // Stable sort: one workspace's messages share a key, so a partition, whose order the svc.recorder keeps.
    const rows = published()
      .filter((e) => e.messageId.startsWith('g-'))
      .sort((a, b) => a.workspaceId.localeCompare(b.workspaceId));
    expect(rows.map((e) => [e.workspaceId, e.messageId, e.tag])).toEqual([
      ['dev', 'g-1', 'first'],
      ['dev', 'g-2', 'first'],
      ['dev', 'g-3', 'second'],
      ['shop-b', 'g-1', 'other-workspace'],
    ]);
  });

  it('answers the other requests of a group whose statement failed, and fails only the request at fault', async () => {
    const writer = svc.running.app.get(AcceptanceWriter);
    // A NUL character cannot be stored in a text column: this request's rows fail the statement they are in.
    const results = await Promise.allSettled([
      writer.accept(request('dev', 'a', ['f-1'])),
      writer.accept(request('dev', 'bad', ['f-\u0000'])),
      writer.accept(request('dev', 'c', ['f-2', 'f-1'])),
    ]);
    svc.running.platform.outbox.nudge();
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual([1, 'failed', 1]);
    await waitFor(() => published().filter((e) => e.messageId.startsWith('f-')).length >= 2, { what: 'the two new messages' });
    expect(
      published()
        .filter((e) => e.messageId.startsWith('f-'))
        .map((e) => [e.messageId, e.tag]),
    ).toEqual([
      ['f-1', 'a'],
      ['f-2', 'c'],
    ]);
  });

  it('answers 200 to concurrent batches once their events are stored, each event published once, in order per user', async () => {
    const batch = (r: number) => ({
      batch: Array.from({ length: 50 }, (_, j) => ({ type: 'track', userId: `c-${j % 5}`, event: 'E', messageId: `c-${r}-${j}`, properties: { r, j } })),
    });
    const statuses = await Promise.all(Array.from({ length: 16 }, (_, r) => post(svc.running.url, '/v1/batch', batch(r)).then((res) => res.status)));
    expect(statuses).toEqual(Array(16).fill(200));
    const [{ n }] = await svc.running.platform.dataSource.query(`SELECT count(*)::int AS n FROM events.accepted_messages WHERE message_id LIKE 'c-%'`);
    expect(n).toBe(16 * 50);
    const mine = () => published().filter((e) => e.messageId.startsWith('c-')) as unknown as Array<{ userId: string; properties: { r: number; j: number } }>;
    await waitFor(() => mine().length >= 16 * 50, { what: 'every event of the concurrent batches' });
    expect(new Set(mine().map((e) => `${e.properties.r}-${e.properties.j}`)).size).toBe(16 * 50);
    for (const user of ['c-0', 'c-1', 'c-2', 'c-3', 'c-4']) {
      const js = mine().filter((e) => e.userId === user);
      // Within one request a user's events keep their order; the requests themselves were concurrent.
      for (let r = 0; r < 16; r++) {
        const seq = js.filter((e) => e.properties.r === r).map((e) => e.properties.j);
        expect(seq).toEqual([...seq].sort((a, b) => a - b));
      }
    }
  });
});
