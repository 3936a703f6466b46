import { IncomingMessage, request, ServerResponse } from 'node:http';

/** Headers every answer of the front door carries, its own and the services' alike. */
export const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff' } as const;

export function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': type, ...SECURITY_HEADERS });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** The request's headers for the service, with the client's address appended to X-Forwarded-For (the services trust loopback proxies). */
export function forwardedHeaders(req: IncomingMessage): IncomingMessage['headers'] {
  const previous = req.headers['x-forwarded-for'];
  const peer = req.socket.remoteAddress ?? 'unknown';
  return { ...req.headers, 'x-forwarded-for': previous ? `${Array.isArray(previous) ? previous.join(', ') : previous}, ${peer}` : peer };
}

/**
 * Streams the request to the service and its answer back. A failure on either
 * side ends this exchange only (a service that stops answering is a 502, one
 * silent for `timeoutMs` a 504, a client that goes away aborts the upstream
 * request); it never throws.
 */
export function proxy(req: IncomingMessage, res: ServerResponse, target: string, timeoutMs: number, pathAndQuery: string): void {
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
