import { SERVICE_NAMES, ServiceName } from '@cairn/config';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { frontDoor } from './front-door';

/**
 * The front door against stand-in service modules on loopback: each answers
 * its own /docs-json and Swagger UI files; `hang` ones never answer.
 */
describe('all-in-one front door', () => {
  const servers: Server[] = [];
  const hang = new Set<string>();
  let door: Server;
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
        createServer((req, res) => {
          if (hang.has(name)) return; // never answers
          if (req.url === '/docs-json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ info: { title: name } }));
          if (req.url === '/docs/swagger-ui.css') return void res.writeHead(200, { 'content-type': 'text/css' }).end('/* css */');
          if (req.url === '/health/ready') return void res.writeHead(200).end('{}');
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ service: name, path: req.url }));
        }),
      );
    }
    door = frontDoor(upstreams, { readyTimeoutMs: 300, upstreamTimeoutMs: 500 });
    base = await listen(door);
  });

  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });

  it('serves one Swagger UI whose document picker lists the four services, every URL on its own port', async () => {
    const page = await fetch(`${base}/docs`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    for (const name of SERVICE_NAMES) expect(html).toContain(`{"url":"/docs/${name}-json","name":"${name}"}`);
    expect(html).toContain('{"url":"/docs/people-json","name":"people"}');
    expect(html).not.toMatch(/https?:\/\/127\.0\.0\.1/);
    expect(await (await fetch(`${base}/docs-json`)).json()).toEqual({
      ui: '/docs',
      services: Object.fromEntries(SERVICE_NAMES.map((n) => [n, { openapi: `/docs/${n}-json` }])),
      people: { openapi: '/docs/people-json' },
    });
    const people = (await (await fetch(`${base}/docs/people-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(people.paths)).toEqual(['/v1/users/{userId}', '/v1/users/{userId}/erasure', '/v1/users/{userId}/export']);
  });

  it('passes each document and the Swagger UI files through from the service modules', async () => {
    for (const name of SERVICE_NAMES) expect(await (await fetch(`${base}/docs/${name}-json`)).json()).toEqual({ info: { title: name } });
    expect(await (await fetch(`${base}/docs/swagger-ui.css`)).text()).toBe('/* css */');
    expect((await fetch(`${base}/docs/nobody-json`)).status).toBe(404);
  });

  it('answers readiness as not ready, naming the module, when a module does not answer in time', async () => {
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    hang.add('journeys');
    try {
      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { checks: unknown }).checks).toMatchObject({ journeys: 'failing', events: 'ok' });
    } finally {
      hang.delete('journeys');
    }
  });

  it('answers 504 when the module behind a path stays silent', async () => {
    hang.add('messaging');
    try {
      const answer = await fetch(`${base}/v1/templates`);
      expect(answer.status).toBe(504);
      expect(((await answer.json()) as { code: string }).code).toBe('UPSTREAM_TIMEOUT');
      expect(((await (await fetch(`${base}/v1/segments`)).json()) as { service: string }).service).toBe('segments');
    } finally {
      hang.delete('messaging');
    }
  });
});
