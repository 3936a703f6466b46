import { request } from 'node:http';
import { connect } from 'node:net';
import { HostileRequest } from './corpus-types';

export interface Keys {
  writeKey: string;
  adminKey: string;
  otherAdminKey: string;
}

export interface Answer {
  status: number;
  code?: string;
  /** The paths of the answer's `fields`, if any. */
  fields: string[];
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

const TIMEOUT_MS = 30_000;

function authorization(entry: HostileRequest, keys: Keys): string | undefined {
  const auth = entry.auth;
  if (auth === undefined) return undefined;
  if (auth === 'write') return `Bearer ${keys.writeKey}`;
  if (auth === 'write-basic') return `Basic ${Buffer.from(`${keys.writeKey}:`).toString('base64')}`;
  if (auth === 'admin') return `Bearer ${keys.adminKey}`;
  if (auth === 'other-admin') return `Bearer ${keys.otherAdminKey}`;
  if ('bearer' in auth) return `Bearer ${auth.bearer}`;
  return `Basic ${auth.basic}`;
}

function bodyBytes(body: unknown): Buffer | undefined {
  if (body === undefined) return undefined;
  if (Buffer.isBuffer(body)) return body;
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
}

function errorOf(text: string): { code?: string; fields: string[] } {
  try {
    const parsed = JSON.parse(text) as { code?: unknown; fields?: unknown };
    const fields = Array.isArray(parsed.fields) ? parsed.fields.map((f: { path?: unknown }) => String(f?.path)) : [];
    return { code: typeof parsed.code === 'string' ? parsed.code : undefined, fields };
  } catch {
    return { fields: [] };
  }
}

/** Sends one corpus request as written (raw path, raw bytes), with node:http so nothing is normalised on the way. */
export function send(baseUrl: string, entry: HostileRequest, keys: Keys, from: string): Promise<Answer> {
  if (entry.raw !== undefined) return sendRaw(baseUrl, entry.raw);
  const body = bodyBytes(entry.body);
  const headers: Record<string, string> = {
    'x-forwarded-for': from,
    ...(body && { 'content-type': 'application/json', 'content-length': String(body.length) }),
    ...entry.headers,
  };
  const auth = authorization(entry, keys);
  if (auth) headers.authorization = auth;
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: entry.method ?? (body ? 'POST' : 'GET'), path: entry.path, headers, timeout: TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, ...errorOf(text), headers: res.headers, text });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Writes raw bytes and reads the status line of the answer (or what Node's parser answered). */
function sendRaw(baseUrl: string, raw: string): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let received = '';
    const timer = setTimeout(() => socket.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    socket.on('data', (d) => (received += d.toString('latin1')));
    socket.on('error', (error) => (clearTimeout(timer), reject(error)));
    socket.on('close', () => {
      clearTimeout(timer);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(received)?.[1] ?? 0);
      const text = received.slice(received.indexOf('\r\n\r\n') + 4);
      resolve({ status, ...errorOf(text), headers: {}, text });
    });
    socket.end(Buffer.from(raw, 'latin1'));
  });
}
