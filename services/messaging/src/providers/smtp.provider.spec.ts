import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { StoredChannel } from '../channels/channel.repository';
import { ProviderMessage } from './provider';
import { SmtpProvider } from './smtp.provider';

/** A relay that answers promptly until the message is sent, then trickles its acceptance forever. */
function tricklingRelay(sockets: Set<Socket>, closed: Array<Promise<unknown>>): Server {
  return createServer((socket) => {
    sockets.add(socket);
    closed.push(new Promise((resolve) => socket.on('close', resolve)));
    socket.on('error', () => undefined);
    socket.write('220 relay ESMTP\r\n');
    let data = false;
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString();
      if (data) {
        if (!buffered.includes('\r\n.\r\n')) return;
        const drip = setInterval(() => socket.write('2'), 20); // every byte well inside an idle time-out
        socket.on('close', () => clearInterval(drip));
        return;
      }
      const lines = buffered.split('\r\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (/^DATA/i.test(line)) {
          data = true;
          socket.write('354 go on\r\n');
        } else {
          socket.write(/^EHLO/i.test(line) ? '250-relay\r\n250 8BITMIME\r\n' : '250 ok\r\n');
        }
      }
    });
  });
}

describe('SMTP provider', () => {
  const sockets = new Set<Socket>();
  const closed: Array<Promise<unknown>> = [];
  let relay: Server;
  let port: number;

  beforeAll(async () => {
    relay = tricklingRelay(sockets, closed);
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    port = (relay.address() as AddressInfo).port;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.destroy());
    await new Promise((r) => relay.close(r));
  });

  function message(config: Record<string, unknown>): ProviderMessage {
    const channel: StoredChannel = { key: 'mail', type: 'smtp', config, createdAt: '', updatedAt: '' };
    return {
      id: 'i-1',
      idempotencyKey: 'run-1:s:1',
      workspaceId: 'dev',
      userId: 'u-1',
      channel,
      template: 't',
      category: 'transactional',
      journey: null,
      content: { subject: 'Hi', text: 'Hello' },
      user: { email: 'minji@example.com' },
    };
  }
  const config = { host: '127.0.0.1', port: 0, from: 'Shop <shop@example.com>', allowedAddresses: ['127.0.0.1'], timeoutMs: 400 };

  it('cuts a relay that trickles its answer off at the deadline of the attempt and closes the connection', async () => {
    const provider = new SmtpProvider(['127.0.0.1']);
    await expect(provider.send(message({ ...config, port }))).rejects.toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      message: 'no complete answer within 400 ms',
    });
    expect(closed).toHaveLength(1);
    await closed[0]; // the relay sees the connection closed (else the test times out)
  });

  it("refuses the relay's address unless the operator opens it as well", async () => {
    await expect(new SmtpProvider([]).send(message({ ...config, port }))).rejects.toMatchObject({ code: 'destination_refused', retryable: false });
  });
});
