import { MessagingParts } from '../../testing/messaging-parts';
import { ReplaceTemplateUseCase } from './replace-template.usecase';

describe('ReplaceTemplateUseCase', () => {
  let parts: MessagingParts;
  let replaceTemplate: ReplaceTemplateUseCase;
  const base = { key: 'shipped', channel: 'sms' as const };

  beforeAll(async () => {
    parts = await MessagingParts.start();
    replaceTemplate = new ReplaceTemplateUseCase(parts.dataSource, parts.clock, parts.budget, parts.templateReader);
    await parts.templates.insert('dev', { ...base, content: { text: '배송' } }, parts.clock.now());
    await parts.templates.insert('dev', { ...base, locale: 'en', content: { text: 'Shipped' } }, parts.clock.now());
  });

  afterAll(() => parts?.stop());

  it('replaces the addressed variant only, with a new update time', async () => {
    parts.clock.advance(60_000);
    const replaced = await replaceTemplate.execute({
      workspaceId: 'dev',
      key: 'shipped',
      locale: 'en',
      template: { ...base, locale: 'en', content: { text: 'On its way' } },
    });
    expect(replaced).toMatchObject({
      locale: 'en',
      content: { text: 'On its way' },
      createdAt: '2026-03-02T03:00:00.000Z',
      updatedAt: '2026-03-02T03:01:00.000Z',
    });
    expect((await parts.templates.find('dev', 'shipped'))!.content).toEqual({ text: '배송' });
  });

  it("is NOT_FOUND without the variant, and TEMPLATE_EXISTS when it would take another variant's locale", async () => {
    await expect(
      replaceTemplate.execute({ workspaceId: 'dev', key: 'shipped', locale: 'fr', template: { ...base, content: { text: 'x' } } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      replaceTemplate.execute({ workspaceId: 'dev', key: 'shipped', template: { ...base, locale: 'en', content: { text: 'x' } } }),
    ).rejects.toMatchObject({ code: 'TEMPLATE_EXISTS', status: 409 });
  });

  it('applies to sends through this replica at once: the templates kept for sending are dropped', async () => {
    expect((await parts.templateReader.forSending('dev', ['shipped'])).get('shipped')!.map((t) => t.content)).toContainEqual({ text: '배송' });
    await replaceTemplate.execute({ workspaceId: 'dev', key: 'shipped', template: { ...base, content: { text: '출발' } } });
    expect((await parts.templateReader.forSending('dev', ['shipped'])).get('shipped')!.map((t) => t.content)).toContainEqual({ text: '출발' });
  });
});
