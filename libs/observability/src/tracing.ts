import type { TraceSettings, Tracing } from './tracing.types';

export type { TraceSettings, Tracing } from './tracing.types';

let started: Tracing | undefined;

/**
 * Starts OpenTelemetry tracing for this process when settings are given
 * (OTEL_EXPORTER_OTLP_ENDPOINT is set), before the service opens its database
 * and HTTP server: spans for HTTP requests, pg queries and Kafka publish and
 * consume, exported over OTLP/HTTP. Without settings nothing is loaded: the
 * SDK is required only here, on demand.
 */
export async function startTracing(settings: TraceSettings | null): Promise<Tracing | undefined> {
  if (!settings) return undefined;
  if (started) return started;
  const { startOpenTelemetry } = await import('./otel');
  started = startOpenTelemetry(settings);
  return started;
}
