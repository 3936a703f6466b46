/**
 * `--expect`: compares the simulated messages with an expected list, matching
 * each expected entry on the fields it gives (recursively: `content: { text }`
 * compares the text only). Lists must correspond in order and length. Times
 * (`createdAt`, `sentAt`, `deferredUntil`) may be written as offsets from the
 * scenario's start (`+1h`) or ISO instants in any zone. The differences come
 * back as a readable diff.
 */
import { ValidationFailed } from '@cairn/core';
import type { SimMessage } from './output';
import { isOffset, parseInstant, parseWhen } from './scenario';

const TIME_FIELDS = new Set(['createdAt', 'sentAt', 'deferredUntil']);
/** Above this many comparisons the lists are aligned by position, not by their longest common run. */
const MAX_ALIGNMENT_CELLS = 4_000_000;

export interface Expectation {
  ok: boolean;
  /** Empty when ok. */
  diff: string;
}

type Expected = Record<string, unknown>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The expected list from a parsed file: an array of messages, or `{ "messages": [...] }`. */
export function parseExpected(body: unknown): Expected[] {
  const list = isObject(body) && Array.isArray(body.messages) ? body.messages : body;
  if (!Array.isArray(list)) throw new ValidationFailed([{ path: '', message: 'expected a list of messages, or an object with a messages list' }]);
  const problems = list.flatMap((m, i) => (isObject(m) ? [] : [{ path: `[${i}]`, message: 'each expected message must be an object of the fields to match' }]));
  if (problems.length > 0) throw new ValidationFailed(problems);
  return list as Expected[];
}

function normaliseTime(value: unknown, start: number): unknown {
  if (isOffset(value)) return new Date(parseWhen(value, start)!).toISOString();
  const instant = parseInstant(value);
  return instant === undefined ? value : new Date(instant).toISOString();
}

/** The fields of `expected` that `actual` does not match, as `path: expected …, got …`. */
function mismatches(expected: unknown, actual: unknown, path: string, start: number, out: string[]): void {
  if (isObject(expected)) {
    if (!isObject(actual)) {
      out.push(`${path || '(message)'}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual ?? null)}`);
      return;
    }
    for (const [key, value] of Object.entries(expected)) {
      const wanted = !path && TIME_FIELDS.has(key) ? normaliseTime(value, start) : value;
      mismatches(wanted, actual[key], path ? `${path}.${key}` : key, start, out);
    }
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual ?? null)}`);
      return;
    }
    expected.forEach((item, i) => mismatches(item, actual[i], `${path}[${i}]`, start, out));
    return;
  }
  const got = actual === undefined ? null : actual;
  if (expected !== got) out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
}

function label(m: SimMessage): string {
  return `${m.userId} ${m.journey ?? '-'}/${m.step ?? '-'} ${m.status}${m.reason ? ` ${m.reason}` : ''} (created ${m.createdAt})`;
}

/** Pairs of (expected index, actual index) of the longest run of entries that match entirely, in order. */
function align(expected: Expected[], actual: SimMessage[], start: number): Array<[number, number]> {
  const fits = (e: Expected, a: SimMessage) => {
    const out: string[] = [];
    mismatches(e, a, '', start, out);
    return out.length === 0;
  };
  const n = expected.length;
  const m = actual.length;
  if (n * m > MAX_ALIGNMENT_CELLS) {
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i < Math.min(n, m); i++) if (fits(expected[i], actual[i])) pairs.push([i, i]);
    return pairs;
  }
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i][j] = fits(expected[i], actual[j]) ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const pairs: Array<[number, number]> = [];
  for (let i = 0, j = 0; i < n && j < m;) {
    if (table[i][j] === table[i + 1][j + 1] + 1 && fits(expected[i], actual[j])) pairs.push([i++, j++]);
    else if (table[i + 1][j] >= table[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

/** The differences within one gap between matched entries: pairs side by side, the rest missing or unexpected. */
function describeGap(expected: Expected[], actual: SimMessage[], ei: number[], ai: number[], start: number, out: string[]): void {
  const paired = Math.min(ei.length, ai.length);
  for (let k = 0; k < paired; k++) {
    const fields: string[] = [];
    mismatches(expected[ei[k]], actual[ai[k]], '', start, fields);
    out.push(`~ expected #${ei[k] + 1} vs simulated #${ai[k] + 1}: ${label(actual[ai[k]])}`, ...fields.map((f) => `    ${f}`));
  }
  for (const i of ei.slice(paired)) out.push(`- expected #${i + 1} is missing: ${JSON.stringify(expected[i])}`);
  for (const j of ai.slice(paired)) out.push(`+ simulated #${j + 1} was not expected: ${label(actual[j])}`);
}

/** Compares the messages with the expectation; `start` is the scenario's start, for offsets. */
export function compareMessages(actual: readonly SimMessage[], expected: Expected[], start: number): Expectation {
  const pairs = align(expected, [...actual], start);
  const out: string[] = [];
  let [e, a] = [0, 0];
  for (const [pe, pa] of [...pairs, [expected.length, actual.length] as [number, number]]) {
    const ei = Array.from({ length: pe - e }, (_, k) => e + k);
    const ai = Array.from({ length: pa - a }, (_, k) => a + k);
    describeGap(expected, [...actual], ei, ai, start, out);
    [e, a] = [pe + 1, pa + 1];
  }
  if (out.length === 0) return { ok: true, diff: '' };
  const head = `the simulated messages differ from the expectation (${expected.length} expected, ${actual.length} simulated, ${pairs.length} matching):`;
  return { ok: false, diff: `${head}\n${out.join('\n')}\n` };
}
