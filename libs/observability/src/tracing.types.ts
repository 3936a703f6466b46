/** What the OpenTelemetry set-up needs (config.tracing). */
export interface TraceSettings {
  tracesUrl: string;
  headers: Record<string, string>;
  serviceName: string;
  resourceAttributes: Record<string, string>;
}

export interface Tracing {
  /** Exports the spans still buffered and stops exporting. */
  shutdown(): Promise<void>;
}
