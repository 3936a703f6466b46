import { SERVICE_NAMES, ServiceName } from '@cairn/config';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleFiles } from './console-files';
import { consoleServer } from './console-server';

/** The console image's server against stand-in services on loopback: the page, the API by path, health. */
describe('console server', () => {
  const servers: Server[] = [];
  let base: string;

  async function listen(server: Server): Promise<string> {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    const upstreams = {} as Record<ServiceName, string>;
    for (const name of SERVICE_NAMES) {
      upstreams[name] = await listen(
        createServer((req, res) =>
          res
            .writeHead(200, { 'content-type': 'application/json', 'x-powered-by': 'x' })
            .end(JSON.stringify({ service: name, path: req.url, auth: req.headers.authorization })),
        ),
      );
    }
    const dir = mkdtempSync(join(tmpdir(), 'cairn-console-server-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Cairn console</title>');
    base = await listen(consoleServer(upstreams, new ConsoleFiles(dir)));
  });

  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });

  it('passes each API path to the service that owns it, as the front door does, with the caller’s key', async () => {
    const call = async (path: string) => (await (await fetch(`${base}${path}`, { headers: { authorization: 'Bearer k' } })).json()) as Record<string, string>;
    expect(await call('/v1/journeys/cart-abandonment/versions/current/steps')).toEqual({
      service: 'journeys',
      path: '/v1/journeys/cart-abandonment/versions/current/steps',
      auth: 'Bearer k',
    });
    expect((await call('/v1/messages/series?window=24h')).service).toBe('messaging');
    expect((await call('/v1/users/minji/segments?explain=true')).service).toBe('segments');
    expect((await call('/v1/users/minji/profile')).service).toBe('segments');
    expect((await call('/v1/users/minji/journeys')).service).toBe('journeys');
    expect((await call('/v1/users/minji/consents')).service).toBe('messaging');
    expect((await fetch(`${base}/v1/segments`)).headers.get('x-powered-by')).toBeNull();
  });

  it('answers the console page on its routes, health and metrics, and 404 elsewhere', async () => {
    const page = await fetch(`${base}/segments/flagship-hot`);
    expect(await page.text()).toContain('Cairn console');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/cairn_console_requests_total\{class="2xx"\} \d+/);
    const missing = await fetch(`${base}/nowhere`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('NOT_FOUND');
  });
});
