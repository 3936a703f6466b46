import type { ChannelDefinition, ChannelType } from './channel';
import { SecretBox, UnreadableSecret } from './secret-box';

/**
 * The write-only fields of each channel type (paths under `config`): stored
 * encrypted, never returned by the API, shown as `set` or `unset`.
 */
export const SECRET_FIELDS: Record<ChannelType, string[][]> = {
  log: [],
  webhook: [['secret']],
  smtp: [['auth', 'pass'], ['signingSecret']],
  'sms-http': [['apiKey'], ['signingSecret']],
  'kakao-http': [['apiKey'], ['signingSecret']],
  'push-http': [['apiKey'], ['signingSecret']],
};

type Config = Record<string, unknown>;

function isObject(value: unknown): value is Config {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function get(config: Config, path: string[]): unknown {
  let node: unknown = config;
  for (const part of path) node = isObject(node) ? node[part] : undefined;
  return node;
}

/** A copy of config with the value at path replaced (or removed with `undefined`); objects on the way are copied. */
function set(config: Config, path: string[], value: unknown): Config {
  const [head, ...rest] = path;
  const copy = { ...config };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
  } else if (isObject(copy[head])) {
    copy[head] = set(copy[head] as Config, rest, value);
  }
  return copy;
}

/** What an encrypted field reads as when no configured key opens it (shown as `unreadable`; a send with it fails). */
export interface UnreadableField {
  unreadable: string;
}

function isUnreadable(value: unknown): value is UnreadableField {
  return isObject(value) && typeof value.unreadable === 'string';
}

function mapSecrets(type: ChannelType, config: Config, fn: (value: string, path: string[]) => unknown): Config {
  let out = config;
  for (const path of SECRET_FIELDS[type] ?? []) {
    const value = get(out, path);
    if (typeof value === 'string') out = set(out, path, fn(value, path));
  }
  return out;
}

/** The config as stored: every write-only field (plaintext, as the API takes it) encrypted with the current key. */
export function sealSecrets(type: ChannelType, config: Config, box: SecretBox): Config {
  return mapSecrets(type, config, (value) => box.seal(value));
}

/**
 * The config as providers use it: write-only fields decrypted (legacy plaintext as it is). A field no listed
 * key opens becomes an UnreadableField, reported to `onUnreadable`.
 */
export function openSecrets(
  type: ChannelType,
  config: Config,
  box: SecretBox,
  onUnreadable: (field: string, error: UnreadableSecret) => void = () => undefined,
): Config {
  return mapSecrets(type, config, (value, path) => {
    try {
      return box.open(value);
    } catch (error) {
      if (!(error instanceof UnreadableSecret)) throw error;
      onUnreadable(`config.${path.join('.')}`, error);
      return { unreadable: error.keyId } satisfies UnreadableField;
    }
  });
}

/** Whether a stored config holds a write-only field in plaintext or under an older key. */
export function hasStaleSecrets(type: ChannelType, config: Config, box: SecretBox): boolean {
  return (SECRET_FIELDS[type] ?? []).some((path) => {
    const value = get(config, path);
    return typeof value === 'string' && box.isStale(value);
  });
}

/** The stored config with the old key's values re-encrypted with the current one (plaintext encrypted). */
export function resealSecrets(type: ChannelType, config: Config, box: SecretBox): Config {
  return mapSecrets(type, config, (value) => box.seal(box.open(value)));
}

export type WriteOnlyState = 'set' | 'unset' | 'unreadable';

/** The API's view: write-only fields left out of `config` and listed in `writeOnly` as `set`, `unset` or `unreadable` (no configured key opens it). */
export function writeOnlyView<T extends ChannelDefinition>(channel: T): T & { writeOnly: Record<string, WriteOnlyState> } {
  let config = channel.config;
  const writeOnly: Record<string, WriteOnlyState> = {};
  for (const path of SECRET_FIELDS[channel.type] ?? []) {
    const value = get(config, path);
    writeOnly[`config.${path.join('.')}`] = isUnreadable(value) ? 'unreadable' : typeof value === 'string' && value.length > 0 ? 'set' : 'unset';
    config = set(config, path, undefined);
  }
  return { ...channel, config, writeOnly };
}

/**
 * A replacement config that leaves a write-only field out keeps the stored one (so a GET, edited, can be PUT
 * back). `stored` is the decrypted config; an unreadable stored value is not kept.
 */
export function keepStoredSecrets(type: ChannelType, incoming: Config, stored: Config | undefined, storedType: ChannelType | undefined): Config {
  if (!stored || storedType !== type) return incoming;
  let out = incoming;
  for (const path of SECRET_FIELDS[type] ?? []) {
    const previous = get(stored, path);
    const parentThere = path.length === 1 || isObject(get(out, path.slice(0, -1)));
    if (get(out, path) === undefined && typeof previous === 'string' && parentThere) {
      out = set(out, path, previous);
    }
  }
  return out;
}
