import { AsyncLocalStorage } from 'node:async_hooks';
import { randomFillSync } from 'node:crypto';

/**
 * W3C trace context (https://www.w3.org/TR/trace-context/) carried in Kafka
 * headers as `traceparent`, so one request can be followed across services.
 */
export interface TraceContext {
  traceId: string;
  spanId: string;
  sampled: boolean;
}

/**
 * OpenTelemetry behind Cairn's trace context, set only when tracing is on
 * (see tracing.ts): the active span is the current trace, consumed batches and
 * publishes get spans of their own. Without it, the functions below keep the
 * W3C context in headers and logs at the cost of a random id, nothing more.
 */
export interface TraceBridge {
  active(): TraceContext | undefined;
  consume<T>(name: string, parents: Array<TraceContext | undefined>, attributes: Record<string, string | number>, fn: () => Promise<T>): Promise<T>;
  publish<T>(
    name: string,
    traceparents: Array<string | undefined>,
    attributes: Record<string, string | number>,
    fn: (traceparentFor: (traceparent: string | undefined) => string | undefined) => Promise<T>,
  ): Promise<T>;
}

let bridge: TraceBridge | undefined;

export function setTraceBridge(next: TraceBridge | undefined): void {
  bridge = next;
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

// Ids come from a pool of random bytes refilled 4 KiB at a time: crypto.randomBytes costs about 2 µs a call, and
// every message written and every request takes one or two ids.
const POOL = Buffer.alloc(4096);
let poolAt = POOL.length;

function randomHex(bytes: number): string {
  if (poolAt + bytes > POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  poolAt += bytes;
  return POOL.toString('hex', poolAt - bytes, poolAt);
}

export function newTrace(): TraceContext {
  return { traceId: randomHex(16), spanId: randomHex(8), sampled: true };
}

/**
 * The context to put in a message written now: a new span id under the current trace (or a new trace); with
 * OpenTelemetry on, the active span itself, so that the consumer's span is its child in the exported trace.
 */
export function childSpan(parent = currentTrace()): TraceContext {
  const active = bridge?.active();
  if (active) return active;
  return parent ? { ...parent, spanId: randomHex(8) } : newTrace();
}

export function currentTrace(): TraceContext | undefined {
  return bridge?.active() ?? storage.getStore();
}

/** Runs fn inside the trace named by a traceparent header (continuing it), or a new one. */
export function runInTrace<T>(traceparent: string | undefined, fn: () => T): T {
  const parent = parseTraceparent(traceparent);
  return storage.run(childSpan(parent), fn);
}

/**
 * Runs a consumed batch's handler in the trace of its first message (`first`; the others' are only read,
 * through `traceparentsOf`, when tracing is on): a consumer span (OpenTelemetry on) whose
 * parent is that message's traceparent and that links the other messages' traces; otherwise as runInTrace.
 */
export function runConsumed<T>(topic: string, traceparentsOf: () => Array<string | undefined>, first: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (!bridge) return runInTrace(first, fn);
  const traceparents = traceparentsOf();
  const attributes = {
    'messaging.system': 'kafka',
    'messaging.destination.name': topic,
    'messaging.operation.type': 'process',
    'messaging.batch.message_count': traceparents.length,
  };
  return bridge.consume(`process ${topic}`, traceparents.map(parseTraceparent), attributes, fn);
}

/**
 * Publishes with a producer span per message trace (OpenTelemetry on; children of the traceparent each message
 * was written with); `fn` gets the traceparent to send in place of the written one. Off: fn with the identity.
 */
export function tracePublish<T>(
  topicsOf: () => string,
  traceparentsOf: () => Array<string | undefined>,
  fn: (traceparentFor: (traceparent: string | undefined) => string | undefined) => Promise<T>,
): Promise<T> {
  if (!bridge) return fn((traceparent) => traceparent);
  const [topic, traceparents] = [topicsOf(), traceparentsOf()];
  const attributes = {
    'messaging.system': 'kafka',
    'messaging.destination.name': topic,
    'messaging.operation.type': 'send',
    'messaging.batch.message_count': traceparents.length,
  };
  return bridge.publish(`send ${topic}`, traceparents, attributes, fn);
}
