import { SegmentsParts } from '../../testing/segments-parts';
import { ProcessDueTimersUseCase } from './process-due-timers.usecase';

describe('ProcessDueTimersUseCase', () => {
  let parts: SegmentsParts;
  let processDueTimers: ProcessDueTimersUseCase;
  const RECENT = { key: 'recent-viewer', name: 'Viewed something in the last hour', condition: { event: 'Product Viewed', within: '1h' } };
  const HOUR = 3_600_000;

  beforeAll(async () => {
    parts = await SegmentsParts.start();
    processDueTimers = new ProcessDueTimersUseCase(parts.dataSource, parts.config, parts.clock, parts.logger, parts.outbox, parts.catalog);
    await parts.define(RECENT);
    await parts.define(RECENT, 'acme');
    await parts.ingest(parts.track('a', 'Product Viewed'), parts.track('b', 'Product Viewed'), parts.track('a', 'Product Viewed', {}, { workspaceId: 'acme' }));
  });

  afterAll(() => parts?.stop());

  it('claims nothing and publishes nothing before a timer is due', async () => {
    parts.clock.advance(HOUR - 1);
    expect(await processDueTimers.execute({ limit: 500 })).toBe(0);
    expect(await parts.memberOf('a')).toEqual(['recent-viewer']);
    expect(await parts.changesOf('a', 'recent-viewer')).toHaveLength(1);
  });

  it('re-evaluates the users whose timer is due, in every workspace, and publishes the time-driven exits', async () => {
    parts.clock.advance(1);
    const nudges = parts.nudges;
    expect(await processDueTimers.execute({ limit: 500 })).toBe(3);
    expect(parts.nudges).toBe(nudges + 1);
    for (const [userId, workspaceId] of [
      ['a', 'dev'],
      ['b', 'dev'],
      ['a', 'acme'],
    ]) {
      const changes = await parts.changesOf(userId, 'recent-viewer', workspaceId);
      expect(changes.map((c) => `${c.change}:${c.cause}:${c.seq}`)).toEqual(['entered:event:1', 'exited:time:2']);
      expect(changes[1].at).toBe(parts.clock.now().toISOString());
      expect(await parts.memberOf(userId, workspaceId)).toEqual([]);
    }
    expect(await processDueTimers.execute({ limit: 500 })).toBe(0);
  });

  it('claims at most `limit` timers in a pass', async () => {
    await parts.ingest(...['c', 'd', 'e'].map((u) => parts.track(u, 'Product Viewed')));
    parts.clock.advance(HOUR);
    expect(await processDueTimers.execute({ limit: 2 })).toBe(2);
    expect(await processDueTimers.execute({ limit: 2 })).toBe(1);
    for (const u of ['c', 'd', 'e']) expect((await parts.changesOf(u, 'recent-viewer')).map((c) => c.change)).toEqual(['entered', 'exited']);
  });
});
