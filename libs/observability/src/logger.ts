import pino, { DestinationStream, Logger } from 'pino';
import { redactDeep, redactString } from './redact';
import { currentTrace } from './trace';

export type { Logger } from 'pino';

/**
 * Structured JSON logs. E-mails and phone numbers are scrubbed from every
 * message and field; the current trace id is attached when there is one.
 */
export function createLogger(options: { level: string; service: string; destination?: DestinationStream }): Logger {
  const settings: pino.LoggerOptions = {
    level: options.level,
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => {
        const trace = currentTrace();
        const clean = redactDeep(object) as Record<string, unknown>;
        return trace ? { ...clean, traceId: trace.traceId, spanId: trace.spanId } : clean;
      },
    },
    hooks: {
      logMethod(args, method) {
        const cleaned = args.map((a) => (typeof a === 'string' ? redactString(a) : a)) as Parameters<typeof method>;
        method.apply(this, cleaned);
      },
    },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
