import { MessagingParts } from '../../testing/messaging-parts';
import { CreateChannelUseCase } from './create-channel.usecase';

describe('CreateChannelUseCase', () => {
  let parts: MessagingParts;
  let createChannel: CreateChannelUseCase;
  const hook = { key: 'crm-hook', type: 'webhook' as const, config: { url: 'https://hooks.example.com/cairn', secret: 'a-long-shared-secret' } };

  beforeAll(async () => {
    parts = await MessagingParts.start();
    createChannel = new CreateChannelUseCase(parts.dataSource, parts.clock, parts.credentials, parts.channelReader);
  });

  afterAll(() => parts?.stop());

  it('stores the channel with its secret encrypted and answers it without the secret; the same key again is CHANNEL_EXISTS', async () => {
    expect(await createChannel.execute({ workspaceId: 'dev', channel: hook })).toEqual({
      key: 'crm-hook',
      type: 'webhook',
      config: { url: 'https://hooks.example.com/cairn' },
      writeOnly: { 'config.secret': 'set' },
      createdAt: '2026-03-02T03:00:00.000Z',
      updatedAt: '2026-03-02T03:00:00.000Z',
    });
    const [row] = await parts.dataSource.query(`SELECT config FROM messaging.channels WHERE workspace_id = 'dev' AND key = 'crm-hook'`);
    expect(row.config.secret).toMatch(/^cairn-secret:v1:/);
    await expect(createChannel.execute({ workspaceId: 'dev', channel: { ...hook, type: 'log', config: {} } })).rejects.toMatchObject({
      code: 'CHANNEL_EXISTS',
      status: 409,
    });
  });

  it('applies to deliveries through this replica at once: the channels kept for delivery are dropped', async () => {
    expect((await parts.channelReader.forDelivery('dev', ['hook'])).get('hook')).toBeUndefined();
    await createChannel.execute({ workspaceId: 'dev', channel: { key: 'hook', type: 'log', config: {} } });
    expect((await parts.channelReader.forDelivery('dev', ['hook'])).get('hook')).toMatchObject({ type: 'log' });
  });
});
