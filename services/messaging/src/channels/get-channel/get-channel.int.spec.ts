import { MessagingParts } from '../../testing/messaging-parts';
import { GetChannelUseCase } from './get-channel.usecase';

describe('GetChannelUseCase', () => {
  let parts: MessagingParts;
  let getChannel: GetChannelUseCase;

  beforeAll(async () => {
    parts = await MessagingParts.start();
    getChannel = new GetChannelUseCase(parts.dataSource, parts.credentials);
    await parts.channels.insert(
      'dev',
      { key: 'hook', type: 'webhook', config: { url: 'https://hooks.example.com/a', secret: 'a-long-shared-secret' } },
      parts.clock.now(),
    );
  });

  afterAll(() => parts?.stop());

  it('answers the channel with its write-only fields shown as set', async () => {
    expect(await getChannel.execute({ workspaceId: 'dev', key: 'hook' })).toMatchObject({
      key: 'hook',
      type: 'webhook',
      config: { url: 'https://hooks.example.com/a' },
      writeOnly: { 'config.secret': 'set' },
    });
  });

  it("is NOT_FOUND for a missing key and for another workspace's channel", async () => {
    await expect(getChannel.execute({ workspaceId: 'dev', key: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    await expect(getChannel.execute({ workspaceId: 'other', key: 'hook' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
