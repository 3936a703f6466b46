/**
 * Kafka error types that refuse a message for what it is: sending it again,
 * now or later, fails the same way (kafkajs names them in `type`).
 */
const REFUSAL_TYPES = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TIMESTAMP',
  'UNSUPPORTED_COMPRESSION_TYPE',
]);

/** True when the bus refused a send because of a message in it (not because the broker is away); kafkajs wraps the broker's error in `cause`. */
export function isRefusedMessage(error: unknown): boolean {
  for (let e = error as { type?: unknown; cause?: unknown; originalError?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.type === 'string' && REFUSAL_TYPES.has(e.type)) return true;
    e = (e.cause ?? e.originalError) as typeof e;
  }
  return false;
}
