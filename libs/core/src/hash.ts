import { createHash } from 'node:crypto';

/**
 * A stable number in [0, 1) derived from the given parts. Used wherever a
 * decision must be deterministic per user (holdouts, splits): the same inputs
 * always give the same bucket, on every replica and after every restart.
 */
export function stableUnitInterval(...parts: string[]): number {
  const digest = createHash('sha256').update(parts.join('\u001f')).digest();
  // 48 bits keep the double exact.
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** A short deterministic identifier for idempotency keys. */
export function stableId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u001f')).digest('base64url').slice(0, 32);
}

/**
 * What an erasure keeps of an id (`DELETE /v1/users/:userId`): SHA-256 of the
 * workspace and the id, in hex. Every service computes the same value, so each
 * recognises an erased id without storing it. It is a pseudonym, not an
 * anonymisation: whoever holds the id can compute it.
 */
export function erasureSubject(workspaceId: string, id: string): string {
  return createHash('sha256').update(`cairn-erasure\u001f${workspaceId}\u001f${id}`).digest('hex');
}
