import { SegmentsParts } from '../../testing/segments-parts';
import { ExportUserUseCase } from './export-user.usecase';

describe('ExportUserUseCase', () => {
  let parts: SegmentsParts;
  let exportUser: ExportUserUseCase;

  beforeAll(async () => {
    parts = await SegmentsParts.start();
    exportUser = new ExportUserUseCase(parts.dataSource);
    await parts.define({ key: 'viewers', name: 'Viewers', condition: { event: 'Product Viewed', count: { min: 1 } } });
    await parts.ingest(parts.anonymous(parts.track('anon-1', 'Product Viewed', { productId: 'P-100' })));
    parts.clock.advance(60_000);
    await parts.ingest(parts.identify('minji', { email: 'minji@example.com' }, { anonymousId: 'anon-1' }));
    await parts.ingest(parts.track('minji', 'Signed In', {}, { workspaceId: 'acme' }));
  });

  afterAll(() => parts?.stop());

  it('exports everything segments holds about the person any of their ids names', async () => {
    const expected = {
      service: 'segments',
      userId: 'minji',
      traits: { email: 'minji@example.com' },
      events: [{ name: 'Product Viewed', at: '2026-11-02T10:00:00.000Z', properties: { productId: 'P-100' } }],
      totals: { 'Product Viewed': { count: 1, firstAt: '2026-11-02T10:00:00.000Z', lastAt: '2026-11-02T10:00:00.000Z' } },
      segments: [{ segment: 'viewers', enteredAt: '2026-11-02T10:01:00.000Z' }],
      identities: [{ id: 'anon-1', mergedInto: 'minji', linkedAt: '2026-11-02T10:01:00.000Z' }],
      items: [{ event: 'Product Viewed', property: 'productId', value: 'P-100', lastAt: '2026-11-02T10:00:00.000Z' }],
      updatedAt: '2026-11-02T10:01:00.000Z',
    };
    expect(await exportUser.execute({ workspaceId: 'dev', userId: 'minji' })).toEqual({ ...expected, ids: ['minji', 'anon-1'] });
    expect(await exportUser.execute({ workspaceId: 'dev', userId: 'anon-1' })).toEqual({ ...expected, ids: ['minji', 'anon-1'] });
  });

  it('exports only the workspace’s data, and an unknown person empty', async () => {
    const acme = await exportUser.execute({ workspaceId: 'acme', userId: 'minji' });
    expect(acme).toMatchObject({ userId: 'minji', ids: ['minji'], traits: {}, segments: [], identities: [], items: [] });
    expect(acme.events.map((e) => e.name)).toEqual(['Signed In']);
    expect(await exportUser.execute({ workspaceId: 'dev', userId: 'nobody' })).toEqual({
      service: 'segments',
      userId: 'nobody',
      ids: ['nobody'],
      traits: {},
      events: [],
      totals: {},
      segments: [],
      identities: [],
      items: [],
      updatedAt: null,
    });
  });
});
