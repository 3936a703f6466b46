import { MessagingParts } from '../../testing/messaging-parts';
import { DeleteChannelUseCase } from './delete-channel.usecase';

describe('DeleteChannelUseCase', () => {
  let parts: MessagingParts;
  let deleteChannel: DeleteChannelUseCase;

  beforeAll(async () => {
    parts = await MessagingParts.start();
    deleteChannel = new DeleteChannelUseCase(parts.dataSource, parts.credentials, parts.channelReader);
    await parts.channels.insert('dev', { key: 'hook', type: 'log', config: {} }, parts.clock.now());
  });

  afterAll(() => parts?.stop());

  it('deletes the channel, at once for deliveries through this replica; deleting it again is NOT_FOUND', async () => {
    expect((await parts.channelReader.forDelivery('dev', ['hook'])).has('hook')).toBe(true);
    await deleteChannel.execute({ workspaceId: 'dev', key: 'hook' });
    expect((await parts.channelReader.forDelivery('dev', ['hook'])).has('hook')).toBe(false);
    await expect(deleteChannel.execute({ workspaceId: 'dev', key: 'hook' })).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});
