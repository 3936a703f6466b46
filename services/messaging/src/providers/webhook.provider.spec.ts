import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo, createServer as createTcpServer, Server as TcpServer, Socket } from 'node:net';
import { StoredChannel } from '../channels/channel.repository';
import { Delivery } from './delivery';
import { ProviderMessage } from './provider';
import { signBody, WebhookProvider } from './webhook.provider';

describe('webhook provider on a loopback server', () => {
  let server: Server;
  let port: number;
  let answer = 200;
  const seen: Array<{ headers: IncomingHttpHeaders; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        res.writeHead(answer, answer === 302 ? { location: 'http://169.254.169.254/' } : {}).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));
  beforeEach(() => (seen.length = 0));

  function message(config: Record<string, unknown>): ProviderMessage {
    const channel: StoredChannel = { key: 'hook', type: 'webhook', config, createdAt: '', updatedAt: '' };
    return {
      id: 'i-1',
      idempotencyKey: 'run-1:s:1',
      workspaceId: 'dev',
      userId: 'u-1',
      channel,
      template: 't',
      category: 'transactional',
      journey: null,
      content: { json: { a: 1 } },
      user: {},
    };
  }
  const provider = (operator: string[] = ['127.0.0.1']) => new WebhookProvider(() => new Date('2026-11-02T00:00:00Z'), operator);
  const delivery = (operator?: string[]) =>
    new Delivery([provider(operator)], {
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      breaker: { resetTimeoutMs: 60_000, errorThresholdPercentage: 50, volumeThreshold: 100, timeoutMs: 5_000 },
    });
  const allowed = () => ({ url: `http://127.0.0.1:${port}/x`, secret: 'sixteen-chars-secret', allowedAddresses: ['127.0.0.1'] });

  it('posts signed JSON with the idempotency key', async () => {
    answer = 200;
    expect(await delivery().deliver(message(allowed()))).toEqual({ ok: true });
    expect(seen).toHaveLength(1);
    expect(seen[0].headers['idempotency-key']).toBe('run-1:s:1');
    expect(seen[0].headers['x-cairn-signature']).toBe(signBody('sixteen-chars-secret', seen[0].body, 1793577600));
  });

  it('fails a 4xx at once, retries a 5xx, and never follows a redirect', async () => {
    answer = 422;
    expect(await delivery().deliver(message(allowed()))).toMatchObject({ ok: false, code: 'provider_rejected' });
    expect(seen).toHaveLength(1);
    answer = 503;
    expect(await delivery().deliver(message(allowed()))).toMatchObject({ ok: false, code: 'provider_unavailable' });
    expect(seen).toHaveLength(4);
    answer = 302;
    expect(await delivery().deliver(message(allowed()))).toMatchObject({ ok: false, code: 'redirect_refused' });
    expect(seen).toHaveLength(5);
  });

  it('refuses loopback, metadata and private destinations without an allow-list', async () => {
    for (const host of ['127.0.0.1', '169.254.169.254', '10.0.0.1', 'localhost', '[::ffff:7f00:1]', '[64:ff9b::7f00:1]']) {
      const result = await delivery().deliver(message({ url: `http://${host}:${port}/x`, secret: 'sixteen-chars-secret' }));
      expect(result).toMatchObject({ ok: false, code: 'destination_refused' });
    }
    expect(seen).toHaveLength(0);
  });

  it('refuses a destination the channel allows but the operator does not', async () => {
    expect(await delivery([]).deliver(message(allowed()))).toMatchObject({ ok: false, code: 'destination_refused' });
    expect(seen).toHaveLength(0);
  });

  describe('a server that trickles its answer', () => {
    let trickler: TcpServer;
    let tricklePort: number;
    const sockets = new Set<Socket>();
    let mode: 'headers' | 'body' = 'body';

    beforeAll(async () => {
      // Every byte comes before an idle time-out would fire, and the answer never ends.
      trickler = createTcpServer((socket) => {
        sockets.add(socket);
        socket.on('error', () => undefined);
        socket.once('data', () => {
          socket.write(mode === 'body' ? 'HTTP/1.1 200 OK\r\ncontent-length: 1000000\r\n\r\n' : 'HTTP/1.1 200 OK\r\n');
          const drip = setInterval(() => socket.write(mode === 'body' ? 'x' : 'x-drip: 1\r\n'), 20);
          socket.on('close', () => clearInterval(drip));
        });
      });
      await new Promise<void>((r) => trickler.listen(0, '127.0.0.1', r));
      tricklePort = (trickler.address() as AddressInfo).port;
    });
    afterAll(async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((r) => trickler.close(r));
    });

    it.each(['body', 'headers'] as const)('is cut off at the deadline of the attempt (trickling its %s)', async (trickled) => {
      mode = trickled;
      const config = { url: `http://127.0.0.1:${tricklePort}/x`, secret: 'sixteen-chars-secret', allowedAddresses: ['127.0.0.1'], timeoutMs: 300 };
      await expect(provider().send(message(config))).rejects.toMatchObject({
        code: 'provider_unavailable',
        retryable: true,
        message: 'no complete answer within 300 ms',
      });
    });
  });
});
