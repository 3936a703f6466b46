import type { SecretsConfig, SecretsKey } from '@cairn/config';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** How an encrypted value starts: version 1, then the key id, then base64url(iv ‖ tag ‖ ciphertext). */
const PREFIX = 'cairn-secret:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class UnreadableSecret extends Error {
  constructor(
    readonly keyId: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'UnreadableSecret';
  }
}

/**
 * AES-256-GCM for channel credentials at rest. Values are written with the
 * first key of CAIRN_SECRETS_KEY and carry its id, so any listed key can read
 * them: rotation adds a key in front and keeps the old ones until every value
 * was re-encrypted (messaging does that at boot). A value without the prefix
 * is legacy plaintext, stored before encryption: it reads as itself.
 */
export class SecretBox {
  private readonly byId: Map<string, Buffer>;
  private readonly writer: SecretsKey;

  constructor(config: SecretsConfig) {
    if (config.keys.length === 0) throw new Error('no secrets key');
    this.writer = config.keys[0];
    this.byId = new Map(config.keys.map((k) => [k.id, k.key]));
  }

  /** The id of the key new values are encrypted with. */
  get writerId(): string {
    return this.writer.id;
  }

  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  /** The key id a sealed value names; undefined for plaintext. */
  static keyIdOf(value: string): string | undefined {
    if (!SecretBox.isSealed(value)) return undefined;
    return value.slice(PREFIX.length, value.indexOf(':', PREFIX.length));
  }

  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.writer.key, iv);
    // The key id is authenticated with the value, so it cannot be swapped for another.
    cipher.setAAD(Buffer.from(this.writer.id));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${PREFIX}${this.writer.id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** The plaintext of a sealed value (plaintext itself for a legacy value); UnreadableSecret when no listed key opens it. */
  open(value: string): string {
    if (!SecretBox.isSealed(value)) return value;
    const keyId = SecretBox.keyIdOf(value)!;
    const key = this.byId.get(keyId);
    if (!key) throw new UnreadableSecret(keyId, `encrypted with key id "${keyId}", which CAIRN_SECRETS_KEY does not list`);
    const raw = Buffer.from(value.slice(PREFIX.length + keyId.length + 1), 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(keyId));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new UnreadableSecret(keyId, `does not decrypt with key "${keyId}" (a different key under the same id?)`);
    }
  }

  /** True when the value should be written again: plaintext, or sealed with another key than the writer's. */
  isStale(value: string): boolean {
    return SecretBox.keyIdOf(value) !== this.writer.id;
  }
}
