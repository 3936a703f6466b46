import { ServiceName } from '@cairn/config';
import { createServer, Server } from 'node:http';
import { answerPeople, peopleCall } from '../people';
import { proxy, send } from '../proxy';
import { serviceForPath } from '../routes';
import { ConsoleFiles } from './console-files';

const ORIGIN = 'http://console.invalid';

/** Requests answered, by status class, for GET /metrics (Prometheus text format, no client library). */
class RequestCounts {
  private readonly counts = new Map<string, number>();

  count(status: number): void {
    const key = `${Math.floor(status / 100)}xx`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  text(): string {
    const lines = ['# HELP cairn_console_requests_total Requests the console server answered, by status class', '# TYPE cairn_console_requests_total counter'];
    for (const [key, n] of [...this.counts].sort()) lines.push(`cairn_console_requests_total{class="${key}"} ${n}`);
    lines.push(
      '# HELP process_uptime_seconds Seconds since the process started',
      '# TYPE process_uptime_seconds gauge',
      `process_uptime_seconds ${process.uptime()}`,
    );
    return `${lines.join('\n')}\n`;
  }
}

/**
 * The operator console's server for the distributed mode: its page and
 * assets, and `/v1/…` passed to the service that owns each path, by the same
 * routing as the all-in-one's front door (`routes.ts`), so the browser talks
 * to one origin; the person in one call as there (`people.ts`). Health on `/health/live` and `/health/ready` (ready once the
 * console is built), a small `/metrics`.
 */
export function consoleServer(upstreams: Record<ServiceName, string>, files: ConsoleFiles, options: { upstreamTimeoutMs?: number } = {}): Server {
  const timeout = options.upstreamTimeoutMs ?? 30_000;
  const counts = new RequestCounts();
  return createServer((req, res) => {
    res.on('finish', () => counts.count(res.statusCode));
    const target = URL.parse(req.url ?? '/', ORIGIN);
    if (!target || target.origin !== ORIGIN) return send(res, 400, { code: 'BAD_REQUEST', message: 'the request target must be a path' });
    const path = target.pathname;
    if (path === '/health/live') return send(res, 200, { status: 'ok' });
    if (path === '/health/ready')
      return send(res, files.built ? 200 : 503, { status: files.built ? 'ready' : 'not-ready', console: files.built ? 'built' : 'missing' });
    if (path === '/metrics') return send(res, 200, counts.text(), 'text/plain; version=0.0.4');
    const people = peopleCall(req.method, path);
    if (people) return answerPeople(req, res, people, upstreams, timeout);
    const service = serviceForPath(path);
    if (service) return proxy(req, res, upstreams[service], timeout, path + target.search);
    if (files.serve(req, res, path)) return;
    send(res, 404, { code: 'NOT_FOUND', message: `no route for ${req.method} ${path.slice(0, 200)}` });
  });
}
