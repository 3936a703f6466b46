import { SegmentsParts } from '../../testing/segments-parts';
import { ListMembersUseCase } from './list-members.usecase';

describe('ListMembersUseCase', () => {
  let parts: SegmentsParts;
  let listMembers: ListMembersUseCase;
  const VIEWERS = { key: 'viewers', name: 'Viewers', condition: { event: 'Product Viewed', count: { min: 1 } } };

  beforeAll(async () => {
    parts = await SegmentsParts.start();
    listMembers = new ListMembersUseCase(parts.dataSource);
    await parts.define(VIEWERS);
    await parts.define(VIEWERS, 'acme');
    await parts.ingest(
      parts.track('c-user', 'Product Viewed'),
      parts.track('a-user', 'Product Viewed'),
      parts.track('b-user', 'Product Viewed'),
      parts.track('idle', 'Signed In'),
      parts.track('acme-user', 'Product Viewed', {}, { workspaceId: 'acme' }),
    );
    await parts.ingest(parts.identify('a-user', { email: 'a@example.com' }));
  });

  afterAll(() => parts?.stop());

  it('pages through the members in user id order, and only the workspace’s', async () => {
    const first = await listMembers.execute({ workspaceId: 'dev', segment: 'viewers', limit: 2 });
    expect(first).toEqual({
      segment: { id: expect.any(String), key: 'viewers' },
      members: [
        { userId: 'a-user', enteredAt: '2026-11-02T10:00:00.000Z' },
        { userId: 'b-user', enteredAt: '2026-11-02T10:00:00.000Z' },
      ],
      next: 'b-user',
    });
    const second = await listMembers.execute({ workspaceId: 'dev', segment: first.segment.id, limit: 2, after: first.next! });
    expect(second.members.map((m) => m.userId)).toEqual(['c-user']);
    expect(second.next).toBeNull();
    expect((await listMembers.execute({ workspaceId: 'acme', segment: 'viewers', limit: 100 })).members.map((m) => m.userId)).toEqual(['acme-user']);
  });

  it('gives each member with their traits when asked ({} for none)', async () => {
    const page = await listMembers.execute({ workspaceId: 'dev', segment: 'viewers', limit: 100, traits: true });
    expect(page.members).toEqual([
      { userId: 'a-user', enteredAt: expect.any(String), traits: { email: 'a@example.com' } },
      { userId: 'b-user', enteredAt: expect.any(String), traits: {} },
      { userId: 'c-user', enteredAt: expect.any(String), traits: {} },
    ]);
  });

  it('answers 404 NOT_FOUND for an unknown segment and another workspace’s', async () => {
    const acme = await parts.segments.find('acme', 'viewers');
    for (const segment of [acme!.id, 'ghost']) {
      await expect(listMembers.execute({ workspaceId: 'dev', segment, limit: 10 })).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
  });
});
