import { ServiceName } from '@cairn/config';
import { metricsRegistry } from '@cairn/observability';
import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { documentIndex, documentOf, isSwaggerAsset, swaggerPage } from './front-door-docs';
import { serviceForPath } from './routes';

/** How long a readiness check waits for a service module's own /health/ready. */
export const READY_TIMEOUT_MS = 2_000;
/** How long a proxied call may stay silent (no response, or no data in between) before it answers 504. */
export const UPSTREAM_TIMEOUT_MS = 30_000;

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': type });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export interface FrontDoorOptions {
  readyTimeoutMs?: number;
  upstreamTimeoutMs?: number;
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

function proxy(req: IncomingMessage, res: ServerResponse, target: string, timeoutMs: number, path = req.url ?? '/'): void {
  const url = new URL(path, target);
  const upstream = request(url, { method: req.method, headers: req.headers, timeout: timeoutMs }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('timeout', () => {
    upstream.destroy();
    send(res, 504, { code: 'UPSTREAM_TIMEOUT', message: `the service behind this path did not answer within ${timeoutMs / 1000} s` });
  });
  upstream.on('error', () => send(res, 502, { code: 'UPSTREAM_UNAVAILABLE', message: 'the service behind this path is not answering' }));
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
    const path = req.url ?? '/';
    const bare = path.split('?')[0];
    if (path === '/health/live') return send(res, 200, { status: 'ok' });
    if (path === '/health/ready') {
      void readiness(upstreams, readyTimeout).then(([status, body]) => send(res, status, body));
      return;
    }
    if (path === '/metrics') {
      void metricsRegistry.metrics().then((text) => send(res, 200, text, 'text/plain; version=0.0.4'));
      return;
    }
    if (bare === '/docs' || bare === '/docs/') return send(res, 200, swaggerPage(), 'text/html; charset=utf-8');
    if (bare === '/docs-json') return send(res, 200, documentIndex());
    const document = documentOf(bare);
    if (document) return proxy(req, res, upstreams[document], upstreamTimeout, '/docs-json');
    if (isSwaggerAsset(bare)) return proxy(req, res, upstreams.events, upstreamTimeout, bare);
    const service = serviceForPath(path);
    if (!service) return send(res, 404, { code: 'NOT_FOUND', message: `no route for ${req.method} ${bare}` });
    proxy(req, res, upstreams[service], upstreamTimeout);
  });
}
