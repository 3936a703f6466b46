import { MessagingParts } from '../../testing/messaging-parts';
import { PreviewTemplateUseCase } from './preview-template.usecase';

describe('PreviewTemplateUseCase', () => {
  let parts: MessagingParts;
  let preview: PreviewTemplateUseCase;

  beforeAll(async () => {
    parts = await MessagingParts.start();
    preview = new PreviewTemplateUseCase(parts.dataSource, parts.pool);
    const now = parts.clock.now();
    await parts.templates.insert(
      'dev',
      { key: 'cart', channel: 'sms', category: 'promotional', content: { text: '{{ user.name }}님, {{ entry.properties.name }}' } },
      now,
    );
    await parts.templates.insert('dev', { key: 'cart', locale: 'en', channel: 'sms', category: 'promotional', content: { text: 'Hi {{ user.name }}' } }, now);
    await parts.templates.insert('dev', { key: 'probe', channel: 'sms', content: { text: '{{ user.constructor }}' } }, now);
  });

  afterAll(() => parts?.stop());

  it("renders the variant for the user's locale, with the kr-ad-law labelled form of promotional content", async () => {
    const korean = await preview.execute({
      workspace: parts.workspace,
      key: 'cart',
      context: { user: { name: '민지' }, entry: { properties: { name: '셔츠' } } },
    });
    expect(korean.content).toEqual({ text: '민지님, 셔츠' });
    expect(korean.labelled).toMatchObject({ text: expect.stringMatching(/^\(광고\)/) });
    expect(await preview.execute({ workspace: parts.workspace, key: 'cart', context: { user: { name: 'Ana', locale: 'en-US' } } })).toMatchObject({
      key: 'cart',
      channel: 'sms',
      locale: 'en',
      content: { text: 'Hi Ana' },
    });
  });

  it('refuses a context that is not an object, a missing template and a failing render', async () => {
    await expect(preview.execute({ workspace: parts.workspace, key: 'cart', context: [] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    await expect(preview.execute({ workspace: parts.workspace, key: 'nope', context: undefined })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(preview.execute({ workspace: parts.workspace, key: 'probe', context: { user: {} } })).rejects.toMatchObject({
      code: 'TEMPLATE_RENDER_FAILED',
      status: 422,
    });
  });
});
