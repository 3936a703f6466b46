import { MessagingParts } from '../../testing/messaging-parts';
import { ListTemplatesUseCase } from './list-templates.usecase';

describe('ListTemplatesUseCase', () => {
  let parts: MessagingParts;
  let listTemplates: ListTemplatesUseCase;

  beforeAll(async () => {
    parts = await MessagingParts.start();
    listTemplates = new ListTemplatesUseCase(parts.dataSource);
    const now = parts.clock.now();
    for (const [key, locale] of [
      ['b', undefined],
      ['a', 'en'],
      ['a', undefined],
    ] as const) {
      await parts.templates.insert('dev', { key, locale, channel: 'sms', content: { text: key } }, now);
    }
    await parts.templates.insert('other', { key: 'c', channel: 'sms', content: { text: 'c' } }, now);
  });

  afterAll(() => parts?.stop());

  it("lists the workspace's variants in key order, the one without a locale first", async () => {
    const { templates } = await listTemplates.execute({ workspaceId: 'dev' });
    expect(templates.map((t) => [t.key, t.locale ?? null])).toEqual([
      ['a', null],
      ['a', 'en'],
      ['b', null],
    ]);
  });

  it('lists only the given keys; keys without a template are left out', async () => {
    const { templates } = await listTemplates.execute({ workspaceId: 'dev', keys: ['b', 'c', 'missing'] });
    expect(templates.map((t) => t.key)).toEqual(['b']);
  });
});
