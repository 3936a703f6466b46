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
 * too many connections (53300, 53400). Disk full and out of memory are not among them: see isResourceExhausted.
 */
const TRANSIENT_SQLSTATE = /^(08...|40001|40P01|55P03|57P0[123]|53300|53400)$/;
/** Disk full (53100), out of memory (53200), a statement too complex or too large (class 54). */
const RESOURCE_SQLSTATE = /^(53100|53200|54...)$/;
const RESOURCE_ERRNO = new Set(['ENOSPC', 'ENOMEM', 'EMFILE', 'ENFILE']);
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

/**
 * True when a resource ran out (disk, memory, a statement's limits). It may
 * pass, or the work itself may be what exhausts it: consumers retry it a
 * bounded number of times, never forever, then treat it as a failure of the
 * work (one message dead-lettered, not a partition held).
 */
export function isResourceExhausted(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; driverError?: { code?: unknown }; cause?: unknown };
  const code = typeof e.driverError?.code === 'string' ? e.driverError.code : e.code;
  if (typeof code === 'string' && (RESOURCE_SQLSTATE.test(code) || RESOURCE_ERRNO.has(code))) return true;
  return e.cause !== undefined && e.cause !== error && isResourceExhausted(e.cause);
}

/** Postgres gave up on a transaction that may succeed if run again because of concurrent work (deadlock, serialization). */
export function isConcurrencyFailure(error: unknown): boolean {
  const e = error as { driverError?: { code?: string }; code?: string } | null;
  const code = e?.driverError?.code ?? e?.code;
  return code === '40P01' || code === '40001';
}
