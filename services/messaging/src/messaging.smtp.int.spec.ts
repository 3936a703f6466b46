import { ManualClock } from '@cairn/core';
import { createTestCa, waitFor } from '@cairn/testing';
import { ParsedMail, simpleParser } from 'mailparser';
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { messageIdFor } from './providers/smtp.provider';
import { Json, MessagingHarness } from './testing/messaging.harness';

/**
 * The SMTP channel against a real SMTP server started here (smtp-server),
 * with STARTTLS required and a password, on Kafka and Postgres: every
 * message is parsed back (mailparser) for its headers, List-Unsubscribe on
 * promotional mail, its HTML and text parts, and the Message-ID derived from
 * the idempotency key.
 */
describe('messaging: email through a real SMTP server with STARTTLS and auth', () => {
  const h = new MessagingHarness(new ManualClock('2026-11-03T03:00:00.000Z')); // Tuesday 12:00 KST
  const ca = createTestCa();
  const cert = ca.issue('smtp');
  const received: Array<{ mail: ParsedMail; secure: boolean; user?: string }> = [];
  const logins: Array<{ user: string; ok: boolean }> = [];
  let smtp: SMTPServer;

  async function send(key: string, body: Record<string, unknown>): Promise<Json> {
    const res = await fetch(`${h.service.url}/v1/send`, {
      method: 'POST',
      headers: { authorization: 'Bearer dev-admin-key', 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(202);
    return res.json();
  }

  beforeAll(async () => {
    smtp = new SMTPServer({
      key: readFileSync(cert.keyFile),
      cert: readFileSync(cert.certFile),
      secure: false, // plain connection, upgraded with STARTTLS
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      onAuth(auth, session, callback) {
        const ok = session.secure && auth.username === 'cairn' && auth.password === 'relay-password-1';
        logins.push({ user: auth.username ?? '', ok });
        callback(ok ? null : new Error('Invalid username or password'), ok ? { user: auth.username } : undefined);
      },
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (mail) => {
            received.push({ mail, secure: session.secure, user: session.user as string | undefined });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    await h.start();
    const config = {
      host: '127.0.0.1',
      port,
      requireTls: true,
      tlsCa: readFileSync(ca.caFile, 'utf8'),
      auth: { user: 'cairn', pass: 'relay-password-1' },
      from: 'Cairn Shop <news@shop.example>',
      allowedAddresses: ['127.0.0.1'],
    };
    expect((await h.call('POST', '/v1/channels', { key: 'email', type: 'smtp', config })).status).toBe(201);
    const content = {
      subject: '{{ data.title }}',
      html: '<p>{{ data.title }}</p><p><a href="{{ unsubscribe_url }}">수신거부</a></p>',
      text: '{{ data.title }}',
    };
    expect((await h.call('POST', '/v1/templates', { key: 'newsletter', channel: 'email', category: 'promotional', content })).status).toBe(201);
    const receipt = { subject: '주문 {{ data.orderId }} 확인', html: '<p>주문 <b>{{ data.orderId }}</b></p>', text: '주문 {{ data.orderId }}' };
    expect((await h.call('POST', '/v1/templates', { key: 'receipt', channel: 'email', category: 'transactional', content: receipt })).status).toBe(201);
    await h.call('PUT', '/v1/users/minji/consents', { channels: { email: { advertising: true, night: true } }, source: 'signup' });
  });

  afterAll(async () => {
    await h.stop();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('sends a promotional email over STARTTLS after logging in, with List-Unsubscribe one-click, HTML and text, and its Message-ID', async () => {
    const answer = await send('news-11', {
      userId: 'minji',
      channel: 'email',
      template: 'newsletter',
      data: { title: '11월 소식' },
      to: { email: 'minji@example.com' },
    });
    await waitFor(async () => received.length === 1, { what: 'the newsletter received' });
    const { mail, secure, user } = received[0];
    expect({ secure, user }).toEqual({ secure: true, user: 'cairn' });
    expect(logins).toEqual([{ user: 'cairn', ok: true }]);
    expect(mail.messageId).toBe(messageIdFor('api:news-11'));
    expect(mail.headers.get('x-cairn-idempotency-key')).toBe('api:news-11');
    expect(mail.from?.value).toEqual([{ name: 'Cairn Shop', address: 'news@shop.example' }]);
    expect((Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value).toEqual([{ name: '', address: 'minji@example.com' }]);
    // kr-ad-law labels promotional mail: (광고), the sender's name and the opt-out line.
    expect(mail.subject).toBe('(광고) 11월 소식');
    // A long header is folded (RFC 5322): unfolded, it reads as one line.
    const header = (key: string) => mail.headerLines.find((l) => l.key === key)?.line.replace(/\r\n(?=[ \t])/g, '');
    const url = /^List-Unsubscribe: <(.+)>$/.exec(header('list-unsubscribe') ?? '')?.[1] ?? '';
    expect(url).toMatch(/^http:\/\/localhost:3004\/v1\/unsubscribe\?token=u1\./);
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect((mail.headers.get('list') as { unsubscribe?: { url: string } }).unsubscribe?.url).toBe(url);
    // The body's link is the recipient's own too (each link is sealed on its own, so the two tokens differ).
    expect(mail.html).toMatch(/<a href="http:\/\/localhost:3004\/v1\/unsubscribe\?token=u1\.[^"]+">수신거부<\/a>/);
    expect(mail.html).toContain('무료수신거부 080-000-0000');
    expect(mail.text).toBe('11월 소식\n\nCairn Shop\n무료수신거부 080-000-0000');
    expect((await h.call('GET', `/v1/messages/${answer.id}`)).json.status).toBe('SENT');
    // The mailbox provider's one-click POST to the header's link (here on the service's own address) withdraws the consent.
    const oneClick = await fetch(`${h.service.url}${new URL(url).pathname}${new URL(url).search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect((await h.call('GET', '/v1/users/minji/consents')).json.channels.email.advertising).toMatchObject({ granted: false, source: 'unsubscribe-link' });
  });

  it('sends transactional mail without List-Unsubscribe', async () => {
    await send('receipt-1', { userId: 'jiwoo', channel: 'email', template: 'receipt', data: { orderId: 'A-1' }, to: { email: 'jiwoo@example.com' } });
    await waitFor(async () => received.length === 2, { what: 'the receipt received' });
    const { mail } = received[1];
    expect(mail.subject).toBe('주문 A-1 확인');
    expect(mail.html).toContain('<p>주문 <b>A-1</b></p>');
    expect(mail.text).toBe('주문 A-1');
    expect(mail.headerLines.some((l) => l.key.startsWith('list-unsubscribe'))).toBe(false);
    expect(mail.messageId).toBe(messageIdFor('api:receipt-1'));
  });

  it('sends nothing to a relay that does not offer STARTTLS when the channel requires it, and fails the message', async () => {
    let delivered = 0;
    const plain = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      logger: false,
      onData: (stream, _s, done) => stream.resume().on('end', () => (delivered++, done())),
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const config = {
        host: '127.0.0.1',
        port: (plain.server.address() as AddressInfo).port,
        requireTls: true,
        from: 'a@shop.example',
        allowedAddresses: ['127.0.0.1'],
      };
      expect((await h.call('POST', '/v1/channels', { key: 'plain', type: 'smtp', config })).status).toBe(201);
      const answer = await send('receipt-2', {
        userId: 'jiwoo',
        channel: 'plain',
        template: 'receipt',
        data: { orderId: 'A-2' },
        to: { email: 'jiwoo@example.com' },
      });
      await waitFor(async () => (await h.call('GET', `/v1/messages/${answer.id}`)).json.status === 'FAILED', { what: 'the send failed' });
      expect((await h.call('GET', `/v1/messages/${answer.id}`)).json.reason).toBe('provider_rejected');
      expect(delivered).toBe(0);
    } finally {
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  });
});
