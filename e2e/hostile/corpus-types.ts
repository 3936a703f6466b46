/**
 * One hostile request of the corpus and what Cairn must answer. Requests run
 * in the order of the table against one all-in-one; after each, the server must
 * still be alive and ready.
 */
export interface HostileRequest {
  name: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'TRACE' | 'OPTIONS';
  /** Path and query exactly as sent (percent-encoding is not touched). */
  path: string;
  /** Which key the request carries (default: none). */
  auth?: Auth;
  headers?: Record<string, string>;
  /** An object or array is sent as JSON; a string or bytes as they are. */
  body?: unknown;
  /** Raw HTTP/1.1 bytes written to a socket instead (for what no client sends). */
  raw?: string;
  /** Send it this many times from the same address; the last answer is judged, none may be a 5xx. */
  repeat?: number;
  /** The client address the trusted front door reports (default: one of its own per request). */
  from?: string;
  expect: Expectation;
  /**
   * A known gap owned by another area (journeys, segments, messaging domain
   * validation). The request must still get no 5xx and leave the server alive;
   * whether it got the expected answer is reported, not failed.
   */
  pending?: string;
}

export type Auth = 'write' | 'write-basic' | 'admin' | 'other-admin' | { bearer: string } | { basic: string };

export type Expectation =
  /** Exactly this status (and code, and a field among the answer's fields, when given). */
  | { status: number; code?: string; field?: string }
  /** Refused: any 4xx. */
  | { refused: true; code?: string }
  /** Accepted: any 2xx. */
  | { accepted: true }
  /** Either way, but never a 5xx (storing a harmless oddity is fine). */
  | { any: true };

export const refused = (status: number, code?: string, field?: string): Expectation => ({ status, code, field });
export const refusedAny = (code?: string): Expectation => ({ refused: true, code });
export const accepted: Expectation = { accepted: true };
export const eitherWay: Expectation = { any: true };

/** Whether an answer meets the expectation (5xx never does). */
export function meets(expectation: Expectation, status: number, code: unknown, fields: string[] = []): boolean {
  if (status >= 500) return false;
  if ('status' in expectation) {
    return (
      status === expectation.status &&
      (expectation.code === undefined || code === expectation.code) &&
      (expectation.field === undefined || fields.includes(expectation.field))
    );
  }
  if ('refused' in expectation) return status >= 400 && status < 500 && (expectation.code === undefined || code === expectation.code);
  if ('accepted' in expectation) return status >= 200 && status < 300;
  return true;
}

export function describeExpectation(expectation: Expectation): string {
  if ('status' in expectation)
    return `${expectation.status}${expectation.code ? ` ${expectation.code}` : ''}${expectation.field ? ` naming ${expectation.field}` : ''}`;
  if ('refused' in expectation) return `4xx${expectation.code ? ` ${expectation.code}` : ''}`;
  if ('accepted' in expectation) return '2xx';
  return 'anything but 5xx';
}
