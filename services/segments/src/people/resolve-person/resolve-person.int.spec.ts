import { SegmentsParts } from '../../testing/segments-parts';
import { ResolvePersonUseCase } from './resolve-person.usecase';

describe('ResolvePersonUseCase', () => {
  let parts: SegmentsParts;
  let resolvePerson: ResolvePersonUseCase;

  beforeAll(async () => {
    parts = await SegmentsParts.start();
    resolvePerson = new ResolvePersonUseCase(parts.dataSource);
    await parts.ingest(parts.anonymous(parts.track('anon-1', 'Product Viewed')));
    await parts.ingest(parts.identify('user-1', {}, { anonymousId: 'anon-1' }));
    await parts.ingest(parts.alias('user-1', 'user-2'));
  });

  afterAll(() => parts?.stop());

  it('names the final user of any id, following chains, with every id merged into it', async () => {
    const person = { userId: 'user-2', ids: ['user-2', 'anon-1', 'user-1'] };
    for (const id of ['anon-1', 'user-1', 'user-2']) {
      const answer = await resolvePerson.execute({ workspaceId: 'dev', userId: id });
      expect(answer).toMatchObject({ id, userId: 'user-2' });
      expect([...answer.ids].sort()).toEqual([...person.ids].sort());
      expect(answer.ids[0]).toBe('user-2');
    }
  });

  it('answers an id never seen, or seen only in another workspace, as a person of its own', async () => {
    expect(await resolvePerson.execute({ workspaceId: 'dev', userId: 'stranger' })).toEqual({ id: 'stranger', userId: 'stranger', ids: ['stranger'] });
    expect(await resolvePerson.execute({ workspaceId: 'acme', userId: 'anon-1' })).toEqual({ id: 'anon-1', userId: 'anon-1', ids: ['anon-1'] });
  });
});
