import { httpMetrics } from '@cairn/observability';
import type { NextFunction, Request, Response } from 'express';

/** Records request durations by method, matched route and status. */
export function httpMetricsMiddleware(request: Request, response: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  response.once('finish', () => {
    const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
    httpMetrics.requests.observe({ method: request.method, route, status: String(response.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
  });
  next();
}
