import { ServiceName } from '@cairn/config';
import { metricsRegistry } from '@cairn/observability';
import { createServer, Server } from 'node:http';
import { ConsoleFiles } from './console/console-files';
import { documentIndex, documentOf, isSwaggerAsset, PEOPLE_DOCUMENT_PATH, swaggerPage } from './front-door-docs';
import { answerPeople, peopleCall } from './people';
import { peopleDocument } from './people-openapi';
import { proxy, send } from './proxy';
import { serviceForPath } from './routes';

/** How long a readiness check waits for a service module's own /health/ready. */
export const READY_TIMEOUT_MS = 2_000;
/** How long a proxied call may stay silent (no response, or no data in between) before it answers 504. */
export const UPSTREAM_TIMEOUT_MS = 30_000;

/** The base request targets are resolved against: a request naming another origin (absolute form) is refused. */
const ORIGIN = 'http://front-door.invalid';

export interface FrontDoorOptions {
  readyTimeoutMs?: number;
  upstreamTimeoutMs?: number;
  /** The operator console's built files (default: dist/console beside the compiled services). */
  console?: ConsoleFiles;
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
 * Port 3000 of the all-in-one mode: one address for the whole public API,
 * routing each path to the service module that owns it, one Swagger UI
 * (`/docs`) for the four services' documents (`/docs/<service>-json`), the
 * person in one call (people.ts), and the operator console at `/` (its routes
 * answer its page, so deep links survive a reload).
 */
export function frontDoor(upstreams: Record<ServiceName, string>, options: FrontDoorOptions = {}): Server {
  const readyTimeout = options.readyTimeoutMs ?? READY_TIMEOUT_MS;
  const upstreamTimeout = options.upstreamTimeoutMs ?? UPSTREAM_TIMEOUT_MS;
  const consoleFiles = options.console ?? new ConsoleFiles();
  return createServer((req, res) => {
    // Routed by the normalised path (dot segments resolved), and that same path is what the service sees.
    const target = URL.parse(req.url ?? '/', ORIGIN);
    if (!target || target.origin !== ORIGIN) return send(res, 400, { code: 'BAD_REQUEST', message: 'the request target must be a path' });
    const path = target.pathname;
    if (path === '/health/live') return send(res, 200, { status: 'ok' });
    if (path === '/health/ready') {
      void readiness(upstreams, readyTimeout).then(
        ([status, body]) => send(res, status, body),
        () => send(res, 503, { status: 'not-ready' }),
      );
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
    if (path === PEOPLE_DOCUMENT_PATH) return send(res, 200, peopleDocument());
    const document = documentOf(path);
    if (document) return proxy(req, res, upstreams[document], upstreamTimeout, '/docs-json');
    if (isSwaggerAsset(path)) return proxy(req, res, upstreams.events, upstreamTimeout, path);
    const people = peopleCall(req.method, path);
    if (people) return answerPeople(req, res, people, upstreams, upstreamTimeout);
    const service = serviceForPath(path);
    if (service) return proxy(req, res, upstreams[service], upstreamTimeout, path + target.search);
    if (consoleFiles.serve(req, res, path)) return;
    send(res, 404, { code: 'NOT_FOUND', message: `no route for ${req.method} ${path.slice(0, 200)}` });
  });
}
