import { ConfigError } from './config.error';
import type { TracingConfig } from './connectivity.types';
import { ENV } from './surface';

type Env = Record<string, string | undefined>;

function parseHttpUrl(field: string, raw: string): URL {
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    /* below */
  }
  throw new ConfigError(field, 'must be an http(s) URL such as http://otel-collector:4318');
}

/** `key1=value1,key2=value2` (W3C baggage-like, values percent-decoded), as the OpenTelemetry spec defines these variables. */
function parsePairs(field: string, raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (const part of raw.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = eq > 0 ? part.slice(0, eq).trim() : '';
    if (!key) throw new ConfigError(field, 'must be a comma-separated list of key=value');
    try {
      out[key] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      throw new ConfigError(field, `the value of ${key} is not valid percent-encoding`);
    }
  }
  return out;
}

/**
 * The standard OTEL_* variables: traces are exported over OTLP/HTTP when
 * OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set;
 * otherwise tracing is off and costs nothing.
 */
export function parseTracing(env: Env, service: string): TracingConfig | null {
  const base = env[ENV.otelEndpoint];
  const traces = env[ENV.otelTracesEndpoint];
  if (!base && !traces) return null;
  const tracesUrl = traces
    ? parseHttpUrl(ENV.otelTracesEndpoint, traces).toString()
    : `${parseHttpUrl(ENV.otelEndpoint, base!).toString().replace(/\/+$/, '')}/v1/traces`;
  const serviceName = env[ENV.otelServiceName]?.trim() || `cairn-${service}`;
  return {
    tracesUrl,
    headers: parsePairs(ENV.otelHeaders, env[ENV.otelHeaders]),
    serviceName,
    resourceAttributes: parsePairs(ENV.otelResourceAttributes, env[ENV.otelResourceAttributes]),
  };
}
