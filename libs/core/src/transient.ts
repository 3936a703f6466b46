import { Conflict } from './errors';

/**
 * A conflict with concurrent work that a second attempt resolves by itself
 * (another writer changed the rows a batch read). Over HTTP it is a 409 like
 * any conflict; a consumer retries it instead of dead-lettering the message.
 */
export class ConcurrentChange extends Conflict {
  readonly transient = true;
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'ConcurrentChange';
  }
}

/**
 * Postgres SQLSTATEs of failures that pass by themselves: the connection (class 08), a serialization failure or
 * deadlock (40001, 40P01), a lock not available (55P03), the server shutting down or starting (57P01-57P03),
 * too many connections or out of resources (class 53).
 */
const TRANSIENT_SQLSTATE = /^(08...|40001|40P01|55P03|57P0[123]|53...)$/;
/** Network failures of node sockets (the database or a broker restarting, a DNS hiccup). */
const TRANSIENT_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);
/** What node-postgres says, without a code, when a connection died or could not be had. */
const TRANSIENT_PG_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/** True when `error` says nothing about the work itself: the same work may well succeed if run again. */
export function isTransient(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { transient?: unknown; code?: unknown; driverError?: { code?: unknown; message?: unknown }; message?: unknown; cause?: unknown };
  if (e.transient === true) return true;
  const code = typeof e.driverError?.code === 'string' ? e.driverError.code : e.code;
  if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_SOCKET.has(code))) return true;
  const message = typeof e.driverError?.message === 'string' ? e.driverError.message : e.message;
  if (typeof message === 'string' && TRANSIENT_PG_MESSAGE.test(message)) return true;
  return e.cause !== undefined && e.cause !== error && isTransient(e.cause);
}

/** Postgres gave up on a transaction that may succeed if run again because of concurrent work (deadlock, serialization). */
export function isConcurrencyFailure(error: unknown): boolean {
  const e = error as { driverError?: { code?: string }; code?: string } | null;
  const code = e?.driverError?.code ?? e?.code;
  return code === '40P01' || code === '40001';
}
