import { context, Link, propagation, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { TraceSettings, Tracing } from './tracing.types';
import { formatTraceparent, parseTraceparent, setTraceBridge, TraceContext } from './trace';

// Loaded only when OTEL_EXPORTER_OTLP_ENDPOINT is set (see tracing.ts): without it none of this is required.

const QUIET_PATHS = /^\/(health\/|metrics|docs|favicon)/;
/** Most linked traces a consumed or published batch records besides its parent. */
const MAX_LINKS = 32;

function toContext(ctx: TraceContext | undefined) {
  if (!ctx) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: ctx.traceId, spanId: ctx.spanId, traceFlags: ctx.sampled ? 1 : 0, isRemote: true });
}

function fromSpan(span: Span | undefined): TraceContext | undefined {
  const sc = span?.spanContext();
  if (!sc || !trace.isSpanContextValid(sc)) return undefined;
  return { traceId: sc.traceId, spanId: sc.spanId, sampled: (sc.traceFlags & 1) === 1 };
}

function links(parents: Array<TraceContext | undefined>, except?: TraceContext): Link[] {
  const seen = new Set<string>(except ? [except.traceId] : []);
  const out: Link[] = [];
  for (const p of parents) {
    if (!p || seen.has(p.traceId) || out.length >= MAX_LINKS) continue;
    seen.add(p.traceId);
    out.push({ context: { traceId: p.traceId, spanId: p.spanId, traceFlags: p.sampled ? 1 : 0, isRemote: true } });
  }
  return out;
}

async function ended<T>(span: Span, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/** Registers the OpenTelemetry SDK: OTLP/HTTP (JSON) export, HTTP and pg spans, and Cairn's Kafka spans through the trace bridge. */
export function startOpenTelemetry(settings: TraceSettings): Tracing {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ ...settings.resourceAttributes, 'service.name': settings.serviceName }),
    spanProcessors: [
      new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: settings.tracesUrl, headers: settings.headers }), scheduledDelayMillis: 1_000 }),
    ],
  });
  trace.setGlobalTracerProvider(provider);
  registerInstrumentations({
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req: IncomingMessage) => QUIET_PATHS.test(req.url ?? ''),
        // Outgoing calls are spans only inside a trace (not the exporter's own posts, not pollers).
        requireParentforOutgoingSpans: true,
      }),
      // Queries are spans only inside a request or a consumed batch, not those of the idle pollers.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  // The instrumentations patch modules as they are required: http is already loaded, so ask for it again.
  createRequire(__filename)('http');
  const tracer = trace.getTracer('cairn');
  setTraceBridge({
    active: () => fromSpan(trace.getActiveSpan()),
    consume: (name, parents, attributes, fn) => {
      const parent = parents[0];
      const span = tracer.startSpan(name, { kind: SpanKind.CONSUMER, attributes, links: links(parents.slice(1), parent) }, toContext(parent));
      return context.with(trace.setSpan(context.active(), span), () => ended(span, fn));
    },
    publish: async (name, traceparents, attributes, fn) => {
      const spans = new Map<string, Span>();
      for (const tp of traceparents) {
        if (!tp || spans.has(tp) || spans.size >= MAX_LINKS) continue;
        spans.set(tp, tracer.startSpan(name, { kind: SpanKind.PRODUCER, attributes }, toContext(parseTraceparent(tp))));
      }
      const rewrite = (tp: string | undefined) => {
        const ctx = tp ? fromSpan(spans.get(tp)) : undefined;
        return ctx ? formatTraceparent(ctx) : tp;
      };
      try {
        return await fn(rewrite);
      } catch (error) {
        for (const span of spans.values()) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        for (const span of spans.values()) span.end();
      }
    },
  });
  return {
    shutdown: async () => {
      setTraceBridge(undefined);
      await provider.shutdown().catch(() => undefined);
    },
  };
}
