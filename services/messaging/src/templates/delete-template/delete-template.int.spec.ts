import { MessagingParts } from '../../testing/messaging-parts';
import { DeleteTemplateUseCase } from './delete-template.usecase';

describe('DeleteTemplateUseCase', () => {
  let parts: MessagingParts;
  let deleteTemplate: DeleteTemplateUseCase;

  beforeAll(async () => {
    parts = await MessagingParts.start();
    deleteTemplate = new DeleteTemplateUseCase(parts.dataSource, parts.templateReader);
    await parts.templates.insert('dev', { key: 'shipped', channel: 'sms', content: { text: '배송' } }, parts.clock.now());
    await parts.templates.insert('dev', { key: 'shipped', locale: 'en', channel: 'sms', content: { text: 'Shipped' } }, parts.clock.now());
  });

  afterAll(() => parts?.stop());

  it('deletes the addressed variant only; deleting it again is NOT_FOUND', async () => {
    await deleteTemplate.execute({ workspaceId: 'dev', key: 'shipped', locale: 'en' });
    expect((await parts.templates.variants('dev', 'shipped')).map((t) => t.locale ?? null)).toEqual([null]);
    await expect(deleteTemplate.execute({ workspaceId: 'dev', key: 'shipped', locale: 'en' })).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('applies to sends through this replica at once: the templates kept for sending are dropped', async () => {
    expect((await parts.templateReader.forSending('dev', ['shipped'])).get('shipped')).toHaveLength(1);
    await deleteTemplate.execute({ workspaceId: 'dev', key: 'shipped' });
    expect((await parts.templateReader.forSending('dev', ['shipped'])).get('shipped')).toBeUndefined();
  });
});
