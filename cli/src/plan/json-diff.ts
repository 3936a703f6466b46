/** Comparing JSON values regardless of key order, and a readable list of what differs. */

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted and undefined members left out: equal values give equal text. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v === undefined ? null : v)).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

const MAX_VALUE = 100;

function show(value: unknown): string {
  const text = canonical(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/**
 * What turns `from` (the server) into `to` (the files), one line per leaf:
 * `+ path: value` added, `- path: value` removed, `~ path: old → new` changed.
 * Lists of different lengths are shown whole.
 */
export function jsonDiff(from: unknown, to: unknown, path = ''): string[] {
  if (sameJson(from, to)) return [];
  if (from === undefined) return [`+ ${path || '(all)'}: ${show(to)}`];
  if (to === undefined) return [`- ${path || '(all)'}: ${show(from)}`];
  if (isObject(from) && isObject(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    return keys.flatMap((k) => jsonDiff(from[k], to[k], join(path, k)));
  }
  if (Array.isArray(from) && Array.isArray(to) && from.length === to.length) {
    return from.flatMap((item, i) => jsonDiff(item, to[i], join(path, i)));
  }
  return [`~ ${path || '(all)'}: ${show(from)} → ${show(to)}`];
}
