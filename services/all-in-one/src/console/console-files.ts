import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { send, SECURITY_HEADERS } from '../proxy';

/**
 * The console's pages: a strict policy (only this origin's scripts, styles,
 * images and API calls; no inline script or style, no framing, no plugins).
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const PAGE_HEADERS = {
  ...SECURITY_HEADERS,
  'content-security-policy': CONSOLE_CSP,
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
} as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** The console's own routes (deep links): each answers the console's page, which routes in the browser. */
const ROUTE = /^\/(?:(?:journeys|segments)(?:\/[^/]+)?|users\/[^/]+|messages)?\/?$/;

export function isConsoleRoute(path: string): boolean {
  return ROUTE.test(path);
}

/** Where `npm run build` puts the console: dist/console, beside dist/services. */
export function defaultConsoleDir(): string {
  return join(__dirname, '..', '..', '..', '..', 'console');
}

interface File {
  body: Buffer;
  type: string;
  etag: string;
}

/**
 * The console's built files, read once into memory: `index.html` for every
 * console route, `/assets/*` as they are. Only GET and HEAD.
 */
export class ConsoleFiles {
  private readonly files = new Map<string, File>();

  constructor(readonly dir: string = defaultConsoleDir()) {
    if (!existsSync(join(dir, 'index.html'))) return;
    this.load('/index.html', join(dir, 'index.html'));
    const assets = join(dir, 'assets');
    if (!existsSync(assets)) return;
    for (const name of readdirSync(assets)) {
      const path = join(assets, name);
      if (statSync(path).isFile() && TYPES[extname(name)]) this.load(`/assets/${name}`, path);
    }
  }

  get built(): boolean {
    return this.files.has('/index.html');
  }

  /** Answers the request when the path is the console's; false otherwise (the caller answers 404). */
  serve(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    const file = isConsoleRoute(path) ? '/index.html' : path.startsWith('/assets/') ? path : undefined;
    if (file === undefined) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, { code: 'METHOD_NOT_ALLOWED', message: 'the console answers GET and HEAD only' });
      return true;
    }
    if (!this.built) {
      send(res, 503, { code: 'CONSOLE_NOT_BUILT', message: 'the console is not built here: run npm run build' });
      return true;
    }
    const found = this.files.get(file);
    if (!found) return false;
    const headers = { ...PAGE_HEADERS, 'content-type': found.type, 'cache-control': 'no-cache', etag: found.etag };
    if (req.headers['if-none-match'] === found.etag) {
      res.writeHead(304, headers).end();
      return true;
    }
    res.writeHead(200, { ...headers, 'content-length': found.body.length });
    res.end(req.method === 'HEAD' ? undefined : found.body);
    return true;
  }

  private load(urlPath: string, file: string): void {
    const body = readFileSync(file);
    this.files.set(urlPath, { body, type: TYPES[extname(file)], etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });
  }
}
