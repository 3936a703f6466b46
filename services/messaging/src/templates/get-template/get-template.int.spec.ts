import { MessagingParts } from '../../testing/messaging-parts';
import { GetTemplateUseCase } from './get-template.usecase';

describe('GetTemplateUseCase', () => {
  let parts: MessagingParts;
  let getTemplate: GetTemplateUseCase;

  beforeAll(async () => {
    parts = await MessagingParts.start();
    getTemplate = new GetTemplateUseCase(parts.dataSource);
    await parts.templates.insert('dev', { key: 'shipped', locale: 'en', channel: 'sms', content: { text: 'Shipped' } }, parts.clock.now());
    parts.clock.advance(1_000);
    await parts.templates.insert('dev', { key: 'shipped', locale: 'ko', channel: 'sms', content: { text: '배송' } }, parts.clock.now());
  });

  afterAll(() => parts?.stop());

  it('answers the variant of a locale (case aside), else the variant without one, else the oldest', async () => {
    expect((await getTemplate.execute({ workspaceId: 'dev', key: 'shipped', locale: 'KO' })).content).toEqual({ text: '배송' });
    expect((await getTemplate.execute({ workspaceId: 'dev', key: 'shipped' })).locale).toBe('en');
    await parts.templates.insert('dev', { key: 'shipped', channel: 'sms', content: { text: 'default' } }, parts.clock.now());
    expect((await getTemplate.execute({ workspaceId: 'dev', key: 'shipped' })).content).toEqual({ text: 'default' });
  });

  it('is NOT_FOUND for a missing key, a missing locale and another workspace', async () => {
    await expect(getTemplate.execute({ workspaceId: 'dev', key: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    await expect(getTemplate.execute({ workspaceId: 'dev', key: 'shipped', locale: 'fr' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getTemplate.execute({ workspaceId: 'other', key: 'shipped' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
