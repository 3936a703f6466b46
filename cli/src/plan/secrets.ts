/**
 * Channel secrets stay out of git: a channel file names them as `${ENV_NAME}`
 * references, resolved from the environment when the channel is applied.
 *
 * The server never answers a write-only field (a webhook's `secret`, a
 * gateway's `apiKey`, SMTP's `auth.pass`): `GET /v1/channels` lists it in
 * `writeOnly` as `set`, `unset` or `unreadable`. So plan compares a channel
 * without those fields, and reports a change of one only when the server has
 * none (`unset`, `unreadable`) while the file gives one. A secret that
 * changed in the environment cannot be seen: `cairn apply --write-secrets`
 * sends every channel that names a secret again.
 */

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export class MissingVariable extends Error {
  constructor(
    readonly variable: string,
    readonly path: string,
  ) {
    super(`environment variable ${variable} is not set`);
    this.name = 'MissingVariable';
  }
}

/** Replaces every `${NAME}` in the strings of `value`; `strict` throws MissingVariable for an unset one, else leaves it as written. */
export function resolveReferences(value: unknown, env: Readonly<Record<string, string | undefined>>, strict: boolean, path = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(REFERENCE, (whole, name: string) => {
      const found = env[name];
      if (found !== undefined) return found;
      if (strict) throw new MissingVariable(name, path);
      return whole;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveReferences(v, env, strict, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, env, strict, path ? `${path}.${k}` : k)]));
  }
  return value;
}

function get(value: unknown, parts: string[]): unknown {
  let node = value;
  for (const part of parts) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  return node;
}

/** A copy of `config` without the value at `parts` (objects on the way are copied). */
function without(config: Record<string, unknown>, parts: string[]): Record<string, unknown> {
  const [head, ...rest] = parts;
  if (!(head in config)) return config;
  const copy = { ...config };
  if (rest.length === 0) delete copy[head];
  else if (typeof copy[head] === 'object' && copy[head] !== null) copy[head] = without(copy[head] as Record<string, unknown>, rest);
  return copy;
}

/** The write-only paths of a channel as the server lists them (`config.secret` → `['secret']`). */
export function writeOnlyPaths(writeOnly: Record<string, string>): string[][] {
  return Object.keys(writeOnly)
    .filter((p) => p.startsWith('config.'))
    .map((p) => p.slice('config.'.length).split('.'));
}

/** The config as plan compares it: without the write-only fields. */
export function comparableConfig(config: Record<string, unknown>, paths: string[][]): Record<string, unknown> {
  return paths.reduce((c, parts) => without(c, parts), config);
}

/** Write-only fields the file gives but the server does not hold (`unset` or `unreadable`). */
export function missingSecrets(config: Record<string, unknown>, writeOnly: Record<string, string>): string[] {
  return Object.entries(writeOnly)
    .filter(([path, state]) => state !== 'set' && get(config, path.slice('config.'.length).split('.')) !== undefined)
    .map(([path]) => path);
}

/** Whether the file gives any write-only field of the channel. */
export function givesSecrets(config: Record<string, unknown>, writeOnly: Record<string, string>): boolean {
  return writeOnlyPaths(writeOnly).some((parts) => get(config, parts) !== undefined);
}
