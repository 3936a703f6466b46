/**
 * The most bytes of keys and values one produce request carries: under the broker's default `message.max.bytes`
 * (1 MiB), which bounds the record batch of one partition, and a client's whole request alike.
 */
export const MAX_SEND_BYTES = 900_000;

/** Bytes on the wire: a string's UTF-8 length (a Korean character is three bytes), a buffer's length. */
export const byteLength = (v: string | Buffer | null): number => (v === null ? 0 : typeof v === 'string' ? Buffer.byteLength(v) : v.length);

/**
 * Splits messages, in order, into sends of at most `maxBytes` of keys and values (at least one message each, so a
 * message over the limit goes alone and the broker says so).
 */
export function* byteChunks<M extends { key: string | Buffer | null; value: string | Buffer }>(messages: M[], maxBytes = MAX_SEND_BYTES): Generator<M[]> {
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < messages.length; i++) {
    const size = byteLength(messages[i].value) + byteLength(messages[i].key) + 200;
    if (i > start && bytes + size > maxBytes) {
      yield messages.slice(start, i);
      start = i;
      bytes = 0;
    }
    bytes += size;
  }
  if (start < messages.length) yield messages.slice(start);
}
