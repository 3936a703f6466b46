import { SegmentsParts } from '../../testing/segments-parts';
import { ListSegmentsUseCase } from './list-segments.usecase';

describe('ListSegmentsUseCase', () => {
  let parts: SegmentsParts;
  let listSegments: ListSegmentsUseCase;
  const definition = (key: string) => ({ key, name: key, condition: { trait: 'tier', op: 'eq', value: key } });

  beforeAll(async () => {
    parts = await SegmentsParts.start();
    listSegments = new ListSegmentsUseCase(parts.dataSource);
    for (const key of ['silver', 'gold', 'bronze']) await parts.define(definition(key));
    await parts.define(definition('acme-only'), 'acme');
    await parts.define(definition('gold'), 'acme');
  });

  afterAll(() => parts?.stop());

  it('lists every segment of the workspace in key order, and none of another workspace', async () => {
    const segments = await listSegments.execute({ workspaceId: 'dev' });
    expect(segments.map((s) => s.key)).toEqual(['bronze', 'gold', 'silver']);
    expect(segments[1]).toMatchObject({ name: 'gold', revision: 1, backfill: 'done', condition: { trait: 'tier', op: 'eq', value: 'gold' } });
    expect((await listSegments.execute({ workspaceId: 'acme' })).map((s) => s.key)).toEqual(['acme-only', 'gold']);
    expect(await listSegments.execute({ workspaceId: 'nobody' })).toEqual([]);
  });

  it('with keys, lists only those segments; keys that do not exist (or are another workspace’s) are left out', async () => {
    expect((await listSegments.execute({ workspaceId: 'dev', keys: ['silver', 'gold', 'ghost', 'acme-only'] })).map((s) => s.key)).toEqual(['gold', 'silver']);
    expect(await listSegments.execute({ workspaceId: 'dev', keys: ['ghost'] })).toEqual([]);
  });
});
