import { createHash } from 'node:crypto';
import { ConfigError } from './config.error';
import type { NodeEnv } from './config.types';
import type { SecretsConfig, SecretsKey } from './connectivity.types';
import { ENV } from './surface';

const ID_RE = /^[A-Za-z0-9_-]{1,32}$/;

/** The development key: derived from a fixed phrase, so anyone can read what it encrypted. Never used in production. */
export const DEV_SECRETS_KEY: SecretsKey = { id: 'dev', key: createHash('sha256').update('cairn development secrets key').digest() };

function parseKey(entry: string, index: number): SecretsKey {
  const field = `${ENV.secretsKey}[${index}]`;
  const colon = entry.indexOf(':');
  const id = colon > 0 ? entry.slice(0, colon).trim() : '';
  if (!ID_RE.test(id)) throw new ConfigError(field, 'must be <key id>:<base64 of 32 random bytes>, the id 1 to 32 letters, digits, "_" or "-"');
  const encoded = entry.slice(colon + 1).trim();
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
    throw new ConfigError(field, `key ${id} must be 32 bytes in base64 (openssl rand -base64 32)`);
  }
  if (id === DEV_SECRETS_KEY.id) throw new ConfigError(field, `the key id "${DEV_SECRETS_KEY.id}" is reserved for the development key`);
  return { id, key };
}

/**
 * CAIRN_SECRETS_KEY: `id:base64key[,id:base64key…]`. The first key encrypts
 * channel credentials; every key listed decrypts (rotation: put the new key
 * first, keep the old ones until everything was re-encrypted). Without it a
 * service that stores credentials refuses to start in production and uses the
 * derived development key elsewhere.
 */
export function parseSecretsKeys(raw: string | undefined, nodeEnv: NodeEnv, needsKey: boolean): SecretsConfig {
  if (!raw || raw.trim() === '') {
    if (nodeEnv === 'production' && needsKey) {
      throw new ConfigError(
        ENV.secretsKey,
        'is required in production: it encrypts channel credentials at rest (generate one with: echo "k1:$(openssl rand -base64 32)")',
      );
    }
    return { keys: [DEV_SECRETS_KEY], devKey: true };
  }
  const keys = raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
    .map(parseKey);
  const ids = new Set<string>();
  keys.forEach((k, i) => {
    if (ids.has(k.id)) throw new ConfigError(`${ENV.secretsKey}[${i}]`, `key id ${k.id} is listed twice`);
    ids.add(k.id);
  });
  // Outside production the development key still decrypts what was written before a key was configured.
  if (nodeEnv !== 'production') keys.push(DEV_SECRETS_KEY);
  return { keys, devKey: false };
}
