import { MessagingParts } from '../../testing/messaging-parts';
import { ListChannelsUseCase } from './list-channels.usecase';

describe('ListChannelsUseCase', () => {
  let parts: MessagingParts;
  let listChannels: ListChannelsUseCase;

  beforeAll(async () => {
    parts = await MessagingParts.start();
    listChannels = new ListChannelsUseCase(parts.dataSource, parts.credentials);
    const now = parts.clock.now();
    await parts.channels.insert('dev', { key: 'sms', type: 'sms-http', config: { url: 'https://sms.example.com/send', apiKey: 'k-123' } }, now);
    await parts.channels.insert('dev', { key: 'log', type: 'log', config: {} }, now);
    await parts.channels.insert('other', { key: 'elsewhere', type: 'log', config: {} }, now);
  });

  afterAll(() => parts?.stop());

  it("lists the workspace's channels in key order, write-only fields shown as set or unset", async () => {
    const { channels } = await listChannels.execute({ workspaceId: 'dev' });
    expect(channels.map((c) => c.key)).toEqual(['log', 'sms']);
    expect(channels[1]).toMatchObject({ config: { url: 'https://sms.example.com/send' }, writeOnly: { 'config.apiKey': 'set' } });
    expect(channels[1].config).not.toHaveProperty('apiKey');
  });

  it('lists only the given keys', async () => {
    expect((await listChannels.execute({ workspaceId: 'dev', keys: ['sms', 'elsewhere'] })).channels.map((c) => c.key)).toEqual(['sms']);
  });
});
