import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * W3C trace context (https://www.w3.org/TR/trace-context/) carried in Kafka
 * headers as `traceparent`, so one request can be followed across services.
 */
export interface TraceContext {
  traceId: string;
  spanId: string;
  sampled: boolean;
}

const TRACEPARENT_RE = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const storage = new AsyncLocalStorage<TraceContext>();

export function parseTraceparent(header: string | undefined): TraceContext | undefined {
  const m = header ? TRACEPARENT_RE.exec(header.trim()) : null;
  if (!m || /^0+$/.test(m[1]) || /^0+$/.test(m[2])) return undefined;
  return { traceId: m[1], spanId: m[2], sampled: (parseInt(m[3], 16) & 1) === 1 };
}

export function formatTraceparent(ctx: TraceContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${ctx.sampled ? '01' : '00'}`;
}

export function newTrace(): TraceContext {
  return { traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex'), sampled: true };
}

/** A new span under the current trace (or a new trace). */
export function childSpan(parent = storage.getStore()): TraceContext {
  return parent ? { ...parent, spanId: randomBytes(8).toString('hex') } : newTrace();
}

export function currentTrace(): TraceContext | undefined {
  return storage.getStore();
}

/** Runs fn inside the trace named by a traceparent header (continuing it), or a new one. */
export function runInTrace<T>(traceparent: string | undefined, fn: () => T): T {
  const parent = parseTraceparent(traceparent);
  return storage.run(childSpan(parent), fn);
}
