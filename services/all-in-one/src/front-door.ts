import { ServiceName } from '@cairn/config';
import { metricsRegistry } from '@cairn/observability';
import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { documentIndex, documentOf, isSwaggerAsset, swaggerPage } from './front-door-docs';
import { serviceForPath } from './routes';

/** How long a readiness check waits for a service module's own /health/ready. */
export const READY_TIMEOUT_MS = 2_000;
/** How long a proxied call may stay silent (no response, or no data in between) before it answers 504. */
export const UPSTREAM_TIMEOUT_MS = 30_000;

/** The base request targets are resolved against: a request naming another origin (absolute form) is refused. */
const ORIGIN = 'http://front-door.invalid';

/** Headers every answer of the front door carries, its own and the services' alike. */
const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff' } as const;

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': type, ...SECURITY_HEADERS });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export interface FrontDoorOptions {
  readyTimeoutMs?: number;
  upstreamTimeoutMs?: number;
}

/** The request's headers for the service, with the client's address appended to X-Forwarded-For (the services trust loopback proxies). */
function forwardedHeaders(req: IncomingMessage): IncomingMessage['headers'] {
  const previous = req.headers['x-forwarded-for'];
  const peer = req.socket.remoteAddress ?? 'unknown';
  return { ...req.headers, 'x-forwarded-for': previous ? `${Array.isArray(previous) ? previous.join(', ') : previous}, ${peer}` : peer };
}

async function readiness(upstreams: Record<ServiceName, string>, timeoutMs: number): Promise<[number, unknown]> {
  const checks = await Promise.all(
    Object.entries(upstreams).map(async ([name, url]) => {
      const answer = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(timeoutMs) }).catch(() => undefined);
      await answer?.body?.cancel().catch(() => undefined);
      return [name, answer?.status === 200] as const;
    }),
  );
  const ok = checks.every(([, up]) => up);
  return [ok ? 200 : 503, { status: ok ? 'ready' : 'not-ready', checks: Object.fromEntries(checks.map(([n, up]) => [n, up ? 'ok' : 'failing'])) }];
}

/**
 * Streams the request to the service and its answer back. A failure on either
 * side ends this exchange only (a service that stops answering is a 502, one
 * silent for `timeoutMs` a 504, a client that goes away aborts the upstream
 * request); it never throws.
 */
function proxy(req: IncomingMessage, res: ServerResponse, target: string, timeoutMs: number, pathAndQuery: string): void {
  const url = new URL(pathAndQuery, target);
  const upstream = request(url, { method: req.method, headers: forwardedHeaders(req), timeout: timeoutMs }, (answer) => {
    const headers: Record<string, string | string[] | undefined> = { ...answer.headers, ...SECURITY_HEADERS };
    delete headers['x-powered-by'];
    res.writeHead(answer.statusCode ?? 502, headers);
    answer.on('error', () => res.destroy());
    answer.pipe(res);
  });
  upstream.on('timeout', () => {
    upstream.destroy();
    send(res, 504, { code: 'UPSTREAM_TIMEOUT', message: `the service behind this path did not answer within ${timeoutMs / 1000} s` });
  });
  upstream.on('error', () => send(res, 502, { code: 'UPSTREAM_UNAVAILABLE', message: 'the service behind this path is not answering' }));
  req.on('error', () => upstream.destroy());
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

/**
 * Port 3000 of the all-in-one mode: one address for the whole public API,
 * routing each path to the service module that owns it, and one Swagger UI
 * (`/docs`) for the four services' documents (`/docs/<service>-json`).
 */
export function frontDoor(upstreams: Record<ServiceName, string>, options: FrontDoorOptions = {}): Server {
  const readyTimeout = options.readyTimeoutMs ?? READY_TIMEOUT_MS;
  const upstreamTimeout = options.upstreamTimeoutMs ?? UPSTREAM_TIMEOUT_MS;
  return createServer((req, res) => {
    // Routed by the normalised path (dot segments resolved), and that same path is what the service sees.
    const target = URL.parse(req.url ?? '/', ORIGIN);
    if (!target || target.origin !== ORIGIN) return send(res, 400, { code: 'BAD_REQUEST', message: 'the request target must be a path' });
    const path = target.pathname;
    if (path === '/health/live') return send(res, 200, { status: 'ok' });
    if (path === '/health/ready') {
      void readiness(upstreams, readyTimeout).then(([status, body]) => send(res, status, body), () => send(res, 503, { status: 'not-ready' }));
      return;
    }
    if (path === '/metrics') {
      void metricsRegistry.metrics().then(
        (text) => send(res, 200, text, 'text/plain; version=0.0.4'),
        () => send(res, 500, { code: 'INTERNAL_ERROR', message: 'metrics unavailable' }),
      );
      return;
    }
    if (path === '/docs' || path === '/docs/') return send(res, 200, swaggerPage(), 'text/html; charset=utf-8');
    if (path === '/docs-json') return send(res, 200, documentIndex());
    const document = documentOf(path);
    if (document) return proxy(req, res, upstreams[document], upstreamTimeout, '/docs-json');
    if (isSwaggerAsset(path)) return proxy(req, res, upstreams.events, upstreamTimeout, path);
    const service = serviceForPath(path);
    if (!service) return send(res, 404, { code: 'NOT_FOUND', message: `no route for ${req.method} ${path.slice(0, 200)}` });
    proxy(req, res, upstreams[service], upstreamTimeout, path + target.search);
  });
}
