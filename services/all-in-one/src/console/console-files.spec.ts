import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONSOLE_CSP, ConsoleFiles, isConsoleRoute } from './console-files';

describe('the console routes', () => {
  it.each(['/', '/journeys', '/journeys/', '/journeys/cart-abandonment', '/segments', '/segments/flagship-hot', '/users/minji', '/users/a%20b', '/messages'])(
    '%s is a console page',
    (path) => {
      expect(isConsoleRoute(path)).toBe(true);
    },
  );

  it.each(['/users', '/journeys/a/b', '/messages/x', '/v1/journeys', '/docs', '/health/live', '/assets/app.js', '/journeysx'])('%s is not', (path) => {
    expect(isConsoleRoute(path)).toBe(false);
  });
});

describe('ConsoleFiles', () => {
  let server: Server;
  let base: string;
  let files: ConsoleFiles;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Cairn</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'notes.txt'), 'not served');
    files = new ConsoleFiles(dir);
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (!files.serve(req, res, path)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('answers every console route with the page, under a strict content security policy', async () => {
    for (const path of ['/', '/journeys/cart-abandonment', '/users/minji']) {
      const page = await fetch(`${base}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(await page.text()).toContain('<title>Cairn</title>');
    }
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toContain('unsafe-inline');
  });

  it('serves assets with their type and an ETag, and 304 when unchanged', async () => {
    const js = await fetch(`${base}/assets/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const etag = js.headers.get('etag')!;
    expect((await fetch(`${base}/assets/app.js`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(`${base}/assets/notes.txt`)).status).toBe(404);
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/v1/journeys`)).status).toBe(404);
  });

  it('answers GET and HEAD only', async () => {
    const post = await fetch(`${base}/journeys`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(((await post.json()) as { code: string }).code).toBe('METHOD_NOT_ALLOWED');
    const head = await fetch(`${base}/journeys`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('says when the console is not built', async () => {
    const empty = new ConsoleFiles(mkdtempSync(join(tmpdir(), 'cairn-console-empty-')));
    expect(empty.built).toBe(false);
  });
});
