import { waitFor } from '@cairn/testing';
import { HandleMessageRequestsUseCase } from '../../sending/handle-message-requests/handle-message-requests.usecase';
import { signBody } from '../../providers/webhook.provider';
import { MessagingParts, Row } from '../../testing/messaging-parts';
import { RecordReceiptsUseCase } from './record-receipts.usecase';

describe('RecordReceiptsUseCase', () => {
  let parts: MessagingParts;
  let record: RecordReceiptsUseCase;
  const SECRET = 'a-webhook-secret-of-some-length';
  const signed = (body: unknown, secret = SECRET, at = parts.clock.now()) => {
    const text = JSON.stringify(body);
    return { channel: 'mail', signature: signBody(secret, text, Math.floor(at.getTime() / 1000)), rawBody: Buffer.from(text), body };
  };
  const message = async (userId: string, key: string) => {
    const [intent] = await parts.record([
      parts.request(userId, key, { channel: 'mail', template: 'news', context: { user: { email: `${userId}@Example.com` } } }),
    ]);
    await parts.decided(intent, { status: 'SENT', sentAt: parts.clock.now(), contentChannel: 'email', content: { subject: 'News', text: 'Hi' } });
    return intent;
  };

  beforeAll(async () => {
    parts = await MessagingParts.start();
    record = new RecordReceiptsUseCase(parts.dataSource, parts.clock, parts.config, parts.outbox, parts.credentials);
    const now = parts.clock.now();
    await parts.channels.insert('dev', { key: 'mail', type: 'webhook', config: { url: 'https://hooks.example.com/mail', secret: SECRET } }, now);
    await parts.templates.insert('dev', { key: 'news', channel: 'email', category: 'transactional', content: { subject: 'News', text: 'Hi' } }, now);
  });

  afterAll(() => parts?.stop());

  it('moves a message forward with the time of each kind, once per kind, with one outcome per new kind', async () => {
    const intent = await message('minji', 'k1');
    const at = (s: number) => new Date(parts.clock.now().getTime() + s * 1000).toISOString();
    const first = await record.execute(
      signed({
        receipts: [
          { messageId: intent.id, status: 'OPENED', at: at(30) },
          { idempotencyKey: 'k1', status: 'DELIVERED', at: at(2) },
          { messageId: '00000000-0000-4000-8000-000000000000', status: 'DELIVERED' },
        ],
      }),
    );
    expect(first.results).toEqual(['recorded', 'recorded', 'unknown_message']);
    const again = await record.execute(signed({ receipts: [{ messageId: intent.id, status: 'DELIVERED', at: at(40) }] }));
    expect(again.results).toEqual(['repeated']);
    expect((await parts.intents('minji'))[0]).toMatchObject({ status: 'OPENED', delivered_at: new Date(at(2)), opened_at: new Date(at(30)) });
    expect((await parts.outcomes()).filter((o: Row) => o.idempotencyKey === 'k1').map((o: Row) => [o.status, o.at])).toEqual([
      ['SENT', parts.clock.now().toISOString()],
      ['DELIVERED', at(2)],
      ['OPENED', at(30)],
    ]);
  });

  it('refuses receipts not signed with the channel’s secret, or signed too long ago, and reads nothing', async () => {
    const intent = await message('jiwoo', 'k2');
    const body = { receipts: [{ messageId: intent.id, status: 'CLICKED' }] };
    await expect(record.execute(signed(body, 'another-secret-of-some-length'))).rejects.toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    await expect(record.execute({ ...signed(body), signature: undefined })).rejects.toMatchObject({ status: 401 });
    await expect(record.execute(signed(body, SECRET, new Date(parts.clock.now().getTime() - 301_000)))).rejects.toMatchObject({ status: 401 });
    await expect(record.execute({ ...signed(body), rawBody: Buffer.from(JSON.stringify({ receipts: [] })) })).rejects.toMatchObject({ status: 401 });
    await expect(record.execute({ ...signed(body), channel: 'other' })).rejects.toMatchObject({ status: 401 });
    expect((await parts.intents('jiwoo'))[0]).toMatchObject({ status: 'SENT', clicked_at: null });
  });

  it('suppresses the address on the channel after a hard bounce: the next message to it is suppressed address_suppressed', async () => {
    const intent = await message('seoyeon', 'k3');
    expect((await record.execute(signed({ receipts: [{ messageId: intent.id, status: 'BOUNCED', bounce: 'hard' }] }))).results).toEqual(['recorded']);
    expect((await parts.intents('seoyeon'))[0]).toMatchObject({ status: 'BOUNCED', bounce: 'hard' });
    const [suppression] = await parts.dataSource.query(`SELECT channel, reason, address_hash FROM messaging.suppressions WHERE workspace_id = 'dev'`);
    expect(suppression).toMatchObject({ channel: 'mail', reason: 'hard_bounce' });
    expect(suppression.address_hash).not.toContain('seoyeon');

    const handle = new HandleMessageRequestsUseCase(
      parts.dataSource,
      parts.clock,
      parts.config,
      parts.logger,
      parts.outbox,
      parts.content,
      parts.decider,
      parts.sends,
    );
    // Another user with the same address (in another case): the address is what is suppressed.
    await handle.execute({
      requests: [
        parts.request('seoyeon-2', 'k4', {
          channel: 'mail',
          template: 'news',
          category: 'transactional',
          context: { user: { email: 'SEOYEON@example.com ' } },
        }),
      ],
    });
    await waitFor(async () => (await parts.intents('seoyeon-2'))[0]?.status === 'SUPPRESSED', { what: 'the next message suppressed' });
    expect((await parts.intents('seoyeon-2'))[0].reason).toBe('address_suppressed');
  });
});
