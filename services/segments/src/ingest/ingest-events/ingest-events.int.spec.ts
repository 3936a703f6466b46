import { TOPICS } from '@cairn/contracts';
import { FLAGSHIP, SegmentsParts } from '../../testing/segments-parts';
import { IngestEventsUseCase } from './ingest-events.usecase';

describe('IngestEventsUseCase', () => {
  let parts: SegmentsParts;
  let ingestEvents: IngestEventsUseCase;
  const GOLD = { key: 'gold', name: 'Gold', condition: { trait: 'tier', op: 'eq', value: 'gold' } };
  const view = (userId: string, workspaceId = 'dev') => parts.track(userId, 'Product Viewed', { productId: 'P-100' }, { workspaceId });

  beforeAll(async () => {
    parts = await SegmentsParts.start();
    ingestEvents = new IngestEventsUseCase(parts.dataSource, parts.clock, parts.outbox, parts.catalog);
    await parts.define(FLAGSHIP);
    await parts.define(GOLD);
    await parts.define(FLAGSHIP, 'acme');
  });

  afterAll(() => parts?.stop());

  it('folds track and identify events into the user’s state and publishes the entries they cause, naming the event', async () => {
    const events = [view('minji'), view('minji'), parts.identify('minji', { tier: 'gold' }), view('minji')];
    const nudges = parts.nudges;
    await ingestEvents.execute({ events });
    expect(parts.nudges).toBe(nudges + 1);
    // One batch is one evaluation of the user: both entries at once, numbered in turn.
    const changes = (await parts.changesOf('minji')).sort((x, y) => x.segmentKey.localeCompare(y.segmentKey));
    expect(changes.map((c) => [c.segmentKey, c.change, c.cause])).toEqual([
      ['flagship-hot', 'entered', 'event'],
      ['gold', 'entered', 'event'],
    ]);
    expect(changes.map((c) => c.seq).sort()).toEqual([1, 2]);
    expect(changes[0]).toMatchObject({ at: '2026-11-02T10:00:00.000Z', causeMessageId: events[3].messageId, traits: { tier: 'gold' } });
    const state = await parts.users.readState('dev', 'minji');
    expect(state!.totals['Product Viewed'].count).toBe(3);
    expect(state!.traits).toEqual({ tier: 'gold' });
  });

  it('changes and publishes nothing when a batch is delivered again', async () => {
    const events = [view('jisoo'), view('jisoo'), view('jisoo')];
    await ingestEvents.execute({ events });
    const published = (await parts.published(TOPICS.segmentMembership)).length;
    await ingestEvents.execute({ events });
    expect(await parts.published(TOPICS.segmentMembership)).toHaveLength(published);
    expect((await parts.users.readState('dev', 'jisoo'))!.totals['Product Viewed'].count).toBe(3);
  });

  it('merges an anonymous visitor’s history into the user an identify links it to, and publishes the link', async () => {
    await ingestEvents.execute({ events: [parts.anonymous(view('anon-1')), parts.anonymous(view('anon-1'))] });
    await ingestEvents.execute({ events: [parts.identify('yuna', {}, { anonymousId: 'anon-1' }), view('yuna')] });
    expect(await parts.users.readState('dev', 'anon-1')).toBeUndefined();
    expect((await parts.users.readState('dev', 'yuna'))!.totals['Product Viewed'].count).toBe(3);
    expect(await parts.memberOf('yuna')).toEqual(['flagship-hot']);
    expect(await parts.published(TOPICS.identityLinks)).toEqual([expect.objectContaining({ workspaceId: 'dev', previousId: 'anon-1', userId: 'yuna' })]);
  });

  it('keeps each workspace’s users apart in one batch', async () => {
    await ingestEvents.execute({ events: [view('shared', 'acme'), view('shared', 'acme'), view('shared', 'acme'), view('shared')] });
    expect(await parts.memberOf('shared', 'acme')).toEqual(['flagship-hot']);
    expect(await parts.memberOf('shared')).toEqual([]);
    expect((await parts.users.readState('dev', 'shared'))!.totals['Product Viewed'].count).toBe(1);
    expect(await parts.changesOf('shared', undefined, 'acme')).toEqual([expect.objectContaining({ workspaceId: 'acme', change: 'entered' })]);
    expect(await parts.changesOf('shared')).toEqual([]);
  });
});
