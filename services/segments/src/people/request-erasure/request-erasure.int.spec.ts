import { DEFAULT_DATA_RIGHTS, devWorkspace } from '@cairn/config';
import { TOPICS, type UserErasure } from '@cairn/contracts';
import { ErasureLedger } from '@cairn/db';
import { ExportUserUseCase } from '../export-user/export-user.usecase';
import { acmeWorkspace, SegmentsParts } from '../../testing/segments-parts';
import { RequestErasureUseCase } from './request-erasure.usecase';

describe('RequestErasureUseCase', () => {
  let parts: SegmentsParts;
  let requestErasure: RequestErasureUseCase;
  const VIEWED_TWICE = { key: 'viewed-twice', name: 'Viewed twice', condition: { event: 'Product Viewed', count: { min: 2 } } };
  const exported = (userId: string, workspaceId = 'dev') => new ExportUserUseCase(parts.dataSource).execute({ workspaceId, userId });

  beforeAll(async () => {
    // acme suppresses erased ids for good.
    parts = await SegmentsParts.start({
      workspaces: [devWorkspace(), { ...acmeWorkspace(), dataRights: { ...DEFAULT_DATA_RIGHTS, suppressErasedIds: true } }],
    });
    requestErasure = new RequestErasureUseCase(parts.dataSource, parts.clock, parts.config, parts.outbox);
    await parts.define(VIEWED_TWICE);
  });

  afterAll(() => parts?.stop());

  it('erases every id of the person at once, records the suppression and publishes the request', async () => {
    const views = [1, 2].map(() => parts.anonymous(parts.track('anon', 'Product Viewed', { productId: 'P-100' })));
    await parts.ingest(...views, parts.identify('user', { email: 'user@example.com' }, { anonymousId: 'anon' }));
    await parts.ingest(parts.track('user', 'Product Viewed', {}, { workspaceId: 'acme' }));
    expect(await parts.memberOf('user')).toEqual(['viewed-twice']);
    const nudges = parts.nudges;

    const accepted = await requestErasure.execute({ workspaceId: 'dev', userId: 'anon' });
    expect(accepted).toEqual({ erasureId: expect.any(String), userId: 'user', requestedAt: '2026-11-02T10:00:00.000Z', suppress: false });
    expect(parts.nudges).toBe(nudges + 1);
    expect(await parts.published<UserErasure>(TOPICS.userErasures)).toEqual([
      { v: 1, workspaceId: 'dev', erasureId: accepted.erasureId, userId: 'user', ids: ['user', 'anon'], requestedAt: accepted.requestedAt, suppress: false },
    ]);
    for (const id of ['user', 'anon']) {
      expect(await exported(id)).toMatchObject({ userId: id, ids: [id], traits: {}, events: [], segments: [], identities: [], items: [], updatedAt: null });
      expect(await new ErasureLedger(parts.dataSource.manager, 'segments').find('dev', id)).toMatchObject({ erasureId: accepted.erasureId, suppress: false });
    }
    // The same id in another workspace is another person, untouched.
    expect((await exported('user', 'acme')).events).toHaveLength(1);
    expect(await new ErasureLedger(parts.dataSource.manager, 'segments').find('acme', 'user')).toBeUndefined();
  });

  it('drops the person’s late events afterwards; a later event starts a new, empty person', async () => {
    const late = parts.track('user', 'Product Viewed', {}, { at: parts.clock.now().getTime() - 1000 });
    await parts.ingest(late, parts.anonymous(parts.track('anon', 'Product Viewed')));
    expect(await parts.users.readState('dev', 'user')).toBeUndefined();
    expect(await parts.users.readState('dev', 'anon')).toBeUndefined();
    parts.clock.advance(1000);
    await parts.ingest(parts.track('user', 'Signed In'));
    expect(await exported('user')).toMatchObject({ ids: ['user'], traits: {}, events: [{ name: 'Signed In' }] });
  });

  it('in a workspace that suppresses erased ids, says so and drops every later event of the ids', async () => {
    const accepted = await requestErasure.execute({ workspaceId: 'acme', userId: 'user' });
    expect(accepted).toMatchObject({ userId: 'user', suppress: true });
    parts.clock.advance(60_000);
    await parts.ingest(parts.track('user', 'Product Viewed', {}, { workspaceId: 'acme' }));
    expect(await parts.users.readState('acme', 'user')).toBeUndefined();
    expect(await exported('user')).toMatchObject({ events: [{ name: 'Signed In' }] });
  });
});
