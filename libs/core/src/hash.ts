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
