import { randomUUID } from 'node:crypto';
import { SegmentsHarness } from './testing/segments.harness';

/**
 * The lifecycle stages on the real Kafka broker and Postgres: dormancy
 * arrives by itself when the 30th quiet day passes, across a restart, and a
 * sign-in moves a dormant customer to returning.
 */
const h = new SegmentsHarness();
const DAY = 86_400_000;
const stages = (changes: Array<{ segmentKey: string; change: string; cause: string }>) => changes.map((c) => `${c.segmentKey}:${c.change}:${c.cause}`);

beforeAll(() => h.start());
afterAll(() => h.stop());

describe('lifecycle stages', () => {
  it('installs the five stages, refuses bad thresholds with their path, and re-installs with new thresholds', async () => {
    const bad = await h.api('/v1/segments/lifecycle', { method: 'POST', body: { dormantAfter: 'a month', loyalOrders: 1 } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { fields: Array<{ path: string }> }).fields.map((f) => f.path)).toEqual(['dormantAfter', 'loyalOrders']);
    const first = await h.api('/v1/segments/lifecycle', { method: 'POST', body: { dormantAfter: '60d' } });
    expect(first.status).toBe(201);
    const again = (await (await h.api('/v1/segments/lifecycle', { method: 'POST', body: {} })).json()) as {
      segments: Array<{ key: string; revision: number; name: string }>;
    };
    expect(again.segments.map((s) => s.key)).toEqual(['prospect', 'new', 'loyal', 'dormant', 'returning']);
    expect(again.segments.every((s) => s.revision === 2)).toBe(true);
    expect(again.segments.find((s) => s.key === 'dormant')!.name).toContain('30d');
  });

  it('enters dormant with no new event when the 30th day passes, across a restart, and moves to returning at the next sign-in', async () => {
    const u = `customer-${randomUUID().slice(0, 8)}`;
    const orderedAt = h.clock.now().getTime();
    await h.publish(h.track(u, 'Order Completed', { orderId: 'o-1' }));
    expect(stages(await h.waitForChanges(u, 1))).toEqual(['new:entered:event']);

    await h.restart();
    h.clock.advance(30 * DAY - 1);
    await h.publish(h.track(u, 'Product Viewed')); // an event no stage references: nothing moves yet
    await h.waitForStored(u, 'new', (s) => s.member === true && (s.explanation as { value: boolean }).value === true);
    h.clock.advance(1);
    const changes = await h.waitForChanges(u, 3);
    expect(stages(changes.slice(1)).sort()).toEqual(['dormant:entered:time', 'new:exited:time']);
    expect(changes.slice(1).map((c) => c.at)).toEqual([new Date(orderedAt + 30 * DAY).toISOString(), new Date(orderedAt + 30 * DAY).toISOString()]);

    h.clock.advance(DAY);
    await h.publish(h.track(u, 'Signed In'));
    const after = await h.waitForChanges(u, 5);
    expect(stages(after.slice(3)).sort()).toEqual(['dormant:exited:event', 'returning:entered:event']);
    expect(after.map((c) => c.seq)).toEqual([1, 2, 3, 4, 5]);
  });
});
