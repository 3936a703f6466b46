import { ManualClock } from '@cairn/core';
import { waitFor } from '@cairn/testing';
import { Json, MessagingHarness } from './testing/messaging.harness';

/**
 * AlimTalk with a fallback, on Kafka and Postgres: when the Kakao gateway
 * answers that the recipient cannot receive the AlimTalk, the fallback goes
 * out exactly once through the SMS gateway (SMS or LMS by its length),
 * recorded on the same message; a message without a fallback fails.
 */
describe('messaging: AlimTalk with an SMS fallback', () => {
  const h = new MessagingHarness(new ManualClock('2026-11-03T03:00:00.000Z')); // Tuesday 12:00 KST
  const gateway = (path: string, extra: Record<string, unknown> = {}) => ({
    url: `http://127.0.0.1:${h.port}${path}`,
    sender: 'SENDER-KEY-1',
    allowedAddresses: ['127.0.0.1'],
    ...extra,
  });
  const hits = (path: string) => h.received.filter((r) => r.path === path);

  async function send(key: string, body: Record<string, unknown>): Promise<Json> {
    const res = await fetch(`${h.service.url}/v1/send`, {
      method: 'POST',
      headers: { authorization: 'Bearer dev-admin-key', 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(202);
    return res.json();
  }
  const settled = (id: string) =>
    waitFor(
      async () => {
        const message = (await h.call('GET', `/v1/messages/${id}`)).json;
        return ['SENT', 'FAILED'].includes(message.status) ? message : undefined;
      },
      { what: `message ${id} settled` },
    );

  beforeAll(async () => {
    await h.start();
    h.statusOf['/kakao'] = 422;
    h.bodyOf['/kakao'] = JSON.stringify({ code: 'recipient_unreachable', reason: 'not_kakao_user' });
    for (const [key, type, config] of [
      ['kakao', 'kakao-http', gateway('/kakao')],
      ['kakao-nhn', 'kakao-http', gateway('/nhn', { format: 'nhn-cloud', apiKey: 'nhn-secret-key' })],
      ['sms', 'sms-http', gateway('/sms')],
    ] as const) {
      expect((await h.call('POST', '/v1/channels', { key, type, config })).status).toBe(201);
    }
    const templates = [
      {
        key: 'shipped',
        channel: 'kakao',
        content: { templateCode: 'SHIP_01', alimtalk: true, text: '{{ data.orderId }} 주문이 발송되었습니다', variables: { order: '{{ data.orderId }}' } },
      },
      { key: 'shipped-sms', channel: 'sms', content: { text: '[카른] {{ data.orderId }} 주문이 발송되었습니다' } },
      { key: 'shipped-long', channel: 'sms', content: { text: '[카른] {{ data.orderId }} 주문이 발송되었습니다. {{ data.detail }}' } },
    ];
    for (const t of templates) expect((await h.call('POST', '/v1/templates', { ...t, category: 'transactional' })).status).toBe(201);
  });

  afterAll(() => h.stop());

  it('sends the fallback once, as SMS, when the AlimTalk gateway says the recipient cannot receive it, and records it on the message', async () => {
    const to = { phone: '01012345678' };
    const answer = await send('ship-1', {
      userId: 'minji',
      channel: 'kakao',
      template: 'shipped',
      data: { orderId: 'A-1' },
      to,
      fallback: { channel: 'sms', template: 'shipped-sms' },
    });
    const message = await settled(answer.id);
    expect(message).toMatchObject({
      status: 'SENT',
      channel: 'kakao',
      content: { templateCode: 'SHIP_01', alimtalk: true, text: 'A-1 주문이 발송되었습니다' },
      fallback: {
        channel: 'sms',
        template: 'shipped-sms',
        trigger: 'recipient_unreachable',
        status: 'SENT',
        kind: 'SMS',
        content: { text: '[카른] A-1 주문이 발송되었습니다' },
        sentAt: expect.any(String),
      },
    });
    expect(h.hitsFor('api:ship-1')).toHaveLength(1); // the AlimTalk, tried once
    const sms = hits('/sms');
    expect(sms.map((r) => r.headers['idempotency-key'])).toEqual(['api:ship-1:fallback']);
    expect(JSON.parse(sms[0].body)).toMatchObject({ to: '01012345678', from: 'SENDER-KEY-1', type: 'SMS', text: '[카른] A-1 주문이 발송되었습니다' });
    await waitFor(async () => h.outcomes.find((o) => o.idempotencyKey === 'api:ship-1'), { what: 'the outcome' });
    expect(h.outcomes.filter((o) => o.idempotencyKey === 'api:ship-1')).toEqual([
      expect.objectContaining({ status: 'SENT', channel: 'kakao', fallback: { channel: 'sms', status: 'SENT' } }),
    ]);
  });

  it('picks LMS for a fallback text over 90 bytes in EUC-KR', async () => {
    const detail = '택배사 사정으로 배송이 하루 늦어질 수 있습니다. 양해 부탁드립니다.';
    const answer = await send('ship-2', {
      userId: 'jiwoo',
      channel: 'kakao',
      template: 'shipped',
      data: { orderId: 'B-2', detail },
      to: { phone: '01099998888' },
      fallback: { channel: 'sms', template: 'shipped-long' },
    });
    expect((await settled(answer.id)).fallback).toMatchObject({ status: 'SENT', kind: 'LMS' });
    expect(JSON.parse(hits('/sms').find((r) => r.headers['idempotency-key'] === 'api:ship-2:fallback')!.body).type).toBe('LMS');
  });

  it('fails a refused AlimTalk that names no fallback, with recipient_unreachable', async () => {
    const answer = await send('ship-3', { userId: 'seoyeon', channel: 'kakao', template: 'shipped', data: { orderId: 'C-3' }, to: { phone: '01011112222' } });
    expect(await settled(answer.id)).toMatchObject({ status: 'FAILED', reason: 'recipient_unreachable', fallback: null });
  });

  it('speaks NHN Cloud’s AlimTalk API: its recipient result 3018 sends the fallback; its duplicate answer (-1005) is an acceptance', async () => {
    h.bodyOf['/nhn'] = JSON.stringify({
      header: { resultCode: 0, resultMessage: 'SUCCESS', isSuccessful: true },
      message: { requestId: 'r-1', sendResults: [{ recipientSeq: 1, recipientNo: '01033334444', resultCode: 3018, resultMessage: 'NoSendAvailable' }] },
    });
    const refused = await send('ship-4', {
      userId: 'dana',
      channel: 'kakao-nhn',
      template: 'shipped',
      data: { orderId: 'D-4' },
      to: { phone: '01033334444' },
      fallback: { channel: 'sms', template: 'shipped-sms' },
    });
    expect((await settled(refused.id)).fallback).toMatchObject({ status: 'SENT', kind: 'SMS' });
    const nhn = hits('/nhn')[0];
    expect(nhn.headers['x-secret-key']).toBe('nhn-secret-key');
    expect(nhn.headers['x-nc-api-idempotency-key']).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.parse(nhn.body)).toEqual({
      senderKey: 'SENDER-KEY-1',
      templateCode: 'SHIP_01',
      recipientList: [{ recipientNo: '01033334444', templateParameter: { order: 'D-4' }, recipientGroupingKey: nhn.headers['x-nc-api-idempotency-key'] }],
    });
    h.bodyOf['/nhn'] = JSON.stringify({ header: { resultCode: -1005, resultMessage: 'duplicate', isSuccessful: false } });
    const duplicate = await send('ship-5', {
      userId: 'dana',
      channel: 'kakao-nhn',
      template: 'shipped',
      data: { orderId: 'E-5' },
      to: { phone: '01033334444' },
    });
    expect(await settled(duplicate.id)).toMatchObject({ status: 'SENT', fallback: null });
  });
});
