import { ServiceName } from '@cairn/config';
import { metricsRegistry } from '@cairn/observability';
import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { serviceForPath } from './routes';

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

async function readiness(upstreams: Record<ServiceName, string>): Promise<[number, unknown]> {
  const checks = await Promise.all(
    Object.entries(upstreams).map(async ([name, url]) => [name, (await fetch(`${url}/health/ready`).catch(() => undefined))?.status === 200] as const),
  );
  const ok = checks.every(([, up]) => up);
  return [ok ? 200 : 503, { status: ok ? 'ready' : 'not-ready', checks: Object.fromEntries(checks.map(([n, up]) => [n, up ? 'ok' : 'failing'])) }];
}

function proxy(req: IncomingMessage, res: ServerResponse, target: string): void {
  const url = new URL(req.url ?? '/', target);
  const upstream = request(url, { method: req.method, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => send(res, 502, { code: 'UPSTREAM_UNAVAILABLE', message: 'the service behind this path is not answering' }));
  req.pipe(upstream);
}

/**
 * Port 3000 of the all-in-one mode: one address for the whole public API,
 * routing each path to the service module that owns it.
 */
export function frontDoor(upstreams: Record<ServiceName, string>): Server {
  return createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/health/live') return send(res, 200, { status: 'ok' });
    if (path === '/health/ready') {
      void readiness(upstreams).then(([status, body]) => send(res, status, body));
      return;
    }
    if (path === '/metrics') {
      void metricsRegistry.metrics().then((text) => send(res, 200, text, 'text/plain; version=0.0.4'));
      return;
    }
    if (path === '/docs' || path === '/docs-json') {
      return send(res, 200, { services: Object.fromEntries(Object.entries(upstreams).map(([n, u]) => [n, { docs: `${u}/docs`, openapi: `${u}/docs-json` }])) });
    }
    const service = serviceForPath(path);
    if (!service) return send(res, 404, { code: 'NOT_FOUND', message: `no route for ${req.method} ${path.split('?')[0]}` });
    proxy(req, res, upstreams[service]);
  });
}
