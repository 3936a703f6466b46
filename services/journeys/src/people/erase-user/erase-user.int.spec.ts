import { BehaviourEvent } from '@cairn/contracts';
import { delayed, greeting, HOUR, JourneysParts, MINUTE, OTHER } from '../../testing/journeys-parts';
import { ExportUserUseCase } from '../export-user/export-user.usecase';
import { EraseUserUseCase } from './erase-user.usecase';

describe('EraseUserUseCase', () => {
  let parts: JourneysParts;
  let erase: EraseUserUseCase;
  let exporting: ExportUserUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    erase = new EraseUserUseCase(parts.dataSource, parts.clock, parts.outbox);
    exporting = new ExportUserUseCase(parts.dataSource);
    for (const workspaceId of ['dev', OTHER.id]) {
      await parts.journey(greeting('welcome'), workspaceId);
      await parts.journey(delayed('cart', 'Product Added', '1h', 'remind'), workspaceId);
    }
  });

  afterAll(() => parts?.stop());

  it('removes the person’s runs, timers, traits, links and unpublished requests under every id; others and other workspaces keep theirs', async () => {
    const anonymous: BehaviourEvent = { ...parts.track('x', 'Product Added'), userId: undefined, anonymousId: 'anon-1' };
    await parts.events([anonymous]);
    await parts.events([{ ...parts.identify('minji', { name: '민지' }), anonymousId: 'anon-1' }, parts.track('minji', 'Signed Up')]);
    await parts.events([parts.track('jiwoo', 'Signed Up'), parts.track('jiwoo', 'Product Added')]);
    await parts.events([
      parts.track('minji', 'Signed Up', {}, { workspaceId: OTHER.id }),
      parts.track('minji', 'Product Added', {}, { workspaceId: OTHER.id }),
    ]);
    expect((await parts.runs('minji')).length).toBe(2);

    parts.clock.advance(MINUTE);
    await erase.execute({ erasures: [parts.erasure('minji')] });

    expect(await exporting.execute({ workspaceId: 'dev', userId: 'minji' })).toMatchObject({ ids: ['minji'], traits: {}, runs: [], identities: [] });
    expect(await exporting.execute({ workspaceId: 'dev', userId: 'anon-1' })).toMatchObject({ runs: [] });
    expect((await parts.requests('dev')).map((r) => r.userId)).toEqual(['jiwoo']);
    expect((await parts.requests(OTHER.id)).map((r) => r.userId)).toEqual(['minji']);
    expect((await parts.runs('minji', OTHER.id)).length).toBe(2);

    parts.clock.advance(HOUR);
    await parts.fireDueTimers.execute({ limit: 100 });
    expect(await parts.sentTo('remind')).toEqual(['jiwoo']);
    expect(await parts.sentTo('remind', OTHER.id)).toEqual(['minji']);
  });

  it('drops what was stamped before the request; a later event starts a new person; the same request again changes nothing', async () => {
    const request = parts.erasure('seoyeon');
    const before = new Date(parts.clock.now().getTime() - MINUTE);
    await parts.events([parts.track('seoyeon', 'Signed Up')]);
    await erase.execute({ erasures: [request] });
    await parts.events([parts.track('seoyeon', 'Signed Up', {}, { at: before })]);
    await parts.memberships([{ ...parts.membership('seoyeon', 'vip', 'entered', 1), at: before.toISOString() }]);
    expect(await parts.runs('seoyeon')).toEqual([]);
    expect(await exporting.execute({ workspaceId: 'dev', userId: 'seoyeon' })).toMatchObject({ segments: [] });

    parts.clock.advance(MINUTE);
    await parts.events([parts.track('seoyeon', 'Signed Up')]);
    await erase.execute({ erasures: [request] });
    expect((await parts.runs('seoyeon')).map((r) => r.journey.key)).toEqual(['welcome']);
  });
});
