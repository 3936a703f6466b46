import type { SecretsConfig } from '@cairn/config';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** Who an unsubscribe link is for: one user of one workspace, on one channel key. */
export interface UnsubscribeSubject {
  workspaceId: string;
  userId: string;
  channel: string;
}

/** How long a link in a message works. */
export const UNSUBSCRIBE_TOKEN_TTL_MS = 90 * 24 * 3600_000;

/** Longest token accepted (a user id of 256 characters still fits). */
export const MAX_TOKEN_LENGTH = 2_048;

const VERSION = 'u1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type TokenCheck = { ok: true; subject: UnsubscribeSubject } | { ok: false; problem: 'invalid' | 'expired' };

/**
 * Unsubscribe tokens: `u1.<key id>.<base64url(iv ‖ tag ‖ ciphertext)>`, the
 * subject and its expiry sealed with AES-256-GCM under a key derived (HKDF,
 * its own purpose) from a CAIRN_SECRETS_KEY key. Sealed rather than only
 * signed, so the link shows nobody which user or workspace it names; the
 * authentication tag makes a forged or altered token unreadable. New tokens
 * use the first key; every listed key opens them, so rotation keeps older
 * links working while their key is listed.
 */
export class UnsubscribeTokens {
  private readonly keys: Map<string, Buffer>;
  private readonly writerId: string;

  constructor(secrets: SecretsConfig) {
    if (secrets.keys.length === 0) throw new Error('no secrets key');
    this.writerId = secrets.keys[0].id;
    this.keys = new Map(secrets.keys.map((k) => [k.id, Buffer.from(hkdfSync('sha256', k.key, Buffer.alloc(0), 'cairn unsubscribe token v1', 32))]));
  }

  issue(subject: UnsubscribeSubject, now: Date): string {
    const payload = JSON.stringify({
      w: subject.workspaceId,
      u: subject.userId,
      c: subject.channel,
      x: Math.floor((now.getTime() + UNSUBSCRIBE_TOKEN_TTL_MS) / 1000),
    });
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.writerId)!, iv);
    cipher.setAAD(Buffer.from(`${VERSION}.${this.writerId}`));
    const body = Buffer.concat([cipher.update(payload, 'utf8'), cipher.final()]);
    return `${VERSION}.${this.writerId}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** The token's subject, or why it cannot be used (`invalid`: not one of ours, altered or unreadable; `expired`). */
  check(token: unknown, now: Date): TokenCheck {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, problem: 'invalid' };
    const [version, keyId, sealed, ...rest] = token.split('.');
    const key = this.keys.get(keyId ?? '');
    if (version !== VERSION || !key || !sealed || rest.length > 0) return { ok: false, problem: 'invalid' };
    const raw = Buffer.from(sealed, 'base64url');
    if (raw.length <= IV_BYTES + TAG_BYTES) return { ok: false, problem: 'invalid' };
    let payload: { w?: unknown; u?: unknown; c?: unknown; x?: unknown };
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(`${version}.${keyId}`));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      payload = JSON.parse(Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8'));
    } catch {
      return { ok: false, problem: 'invalid' };
    }
    const { w, u, c, x } = payload;
    if (typeof w !== 'string' || typeof u !== 'string' || typeof c !== 'string' || typeof x !== 'number') return { ok: false, problem: 'invalid' };
    if (now.getTime() >= x * 1000) return { ok: false, problem: 'expired' };
    return { ok: true, subject: { workspaceId: w, userId: u, channel: c } };
  }
}
