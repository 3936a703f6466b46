import { MessagingParts } from '../../testing/messaging-parts';
import { CreateTemplateUseCase } from './create-template.usecase';

describe('CreateTemplateUseCase', () => {
  let parts: MessagingParts;
  let createTemplate: CreateTemplateUseCase;
  const promo = { key: 'promo', channel: 'sms' as const, category: 'promotional' as const, content: { text: 'Hi {{ user.name }}' } };

  beforeAll(async () => {
    parts = await MessagingParts.start();
    createTemplate = new CreateTemplateUseCase(parts.dataSource, parts.clock, parts.budget, parts.templateReader);
  });

  afterAll(() => parts?.stop());

  it('stores a template and each locale variant once; the same variant again is TEMPLATE_EXISTS', async () => {
    expect(await createTemplate.execute({ workspaceId: 'dev', template: promo })).toEqual({
      ...promo,
      createdAt: '2026-03-02T03:00:00.000Z',
      updatedAt: '2026-03-02T03:00:00.000Z',
    });
    expect(await createTemplate.execute({ workspaceId: 'dev', template: { ...promo, locale: 'en', content: { text: 'Hello' } } })).toMatchObject({
      locale: 'en',
    });
    await expect(createTemplate.execute({ workspaceId: 'dev', template: { ...promo, locale: 'EN' } })).rejects.toMatchObject({
      code: 'TEMPLATE_EXISTS',
      status: 409,
    });
    await expect(createTemplate.execute({ workspaceId: 'dev', template: promo })).rejects.toMatchObject({ code: 'TEMPLATE_EXISTS' });
    expect((await parts.templates.list('dev')).map((t) => t.locale ?? null)).toEqual([null, 'en']);
  });

  it('applies to sends through this replica at once: the templates kept for sending are dropped', async () => {
    expect((await parts.templateReader.forSending('dev', ['welcome'])).get('welcome')).toBeUndefined();
    await createTemplate.execute({ workspaceId: 'dev', template: { ...promo, key: 'welcome' } });
    expect((await parts.templateReader.forSending('dev', ['welcome'])).get('welcome')).toHaveLength(1);
  });
});
