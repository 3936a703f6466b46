import { MessagingParts } from '../../testing/messaging-parts';
import { ReplaceChannelUseCase } from './replace-channel.usecase';

describe('ReplaceChannelUseCase', () => {
  let parts: MessagingParts;
  let replaceChannel: ReplaceChannelUseCase;

  beforeAll(async () => {
    parts = await MessagingParts.start();
    replaceChannel = new ReplaceChannelUseCase(parts.dataSource, parts.clock, parts.config, parts.credentials, parts.channelReader);
    await parts.channels.insert(
      'dev',
      { key: 'hook', type: 'webhook', config: { url: 'https://hooks.example.com/a', secret: 'the-first-long-secret' } },
      parts.clock.now(),
    );
  });

  afterAll(() => parts?.stop());

  it('keeps the stored secret when the replacement leaves it out, and takes a new one when given', async () => {
    const kept = await replaceChannel.execute({ workspaceId: 'dev', key: 'hook', body: { type: 'webhook', config: { url: 'https://hooks.example.com/b' } } });
    expect(kept).toMatchObject({ config: { url: 'https://hooks.example.com/b' }, writeOnly: { 'config.secret': 'set' } });
    expect((await parts.channels.find('dev', 'hook'))!.config.secret).toBe('the-first-long-secret');
    await replaceChannel.execute({
      workspaceId: 'dev',
      key: 'hook',
      body: { type: 'webhook', config: { url: 'https://hooks.example.com/b', secret: 'the-second-long-secret' } },
    });
    expect((await parts.channels.find('dev', 'hook'))!.config.secret).toBe('the-second-long-secret');
  });

  it('validates the result: another key, a private address the operator does not open, a missing channel', async () => {
    await expect(replaceChannel.execute({ workspaceId: 'dev', key: 'hook', body: { key: 'other', type: 'log' } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ path: 'key', message: 'must match the key in the path' }],
    });
    await expect(
      replaceChannel.execute({ workspaceId: 'dev', key: 'hook', body: { type: 'webhook', config: { url: 'http://10.0.0.1/x' } } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'config.url' }] });
    await expect(replaceChannel.execute({ workspaceId: 'dev', key: 'nope', body: { type: 'log' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('applies to deliveries through this replica at once: the channels kept for delivery are dropped', async () => {
    expect((await parts.channelReader.forDelivery('dev', ['hook'])).get('hook')!.type).toBe('webhook');
    await replaceChannel.execute({ workspaceId: 'dev', key: 'hook', body: { type: 'log' } });
    expect((await parts.channelReader.forDelivery('dev', ['hook'])).get('hook')!.type).toBe('log');
  });
});
