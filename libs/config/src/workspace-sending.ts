import { ConfigError } from './config.error';

/** A workspace's settings for messages sent through the API and the links in them (parsed from its CAIRN_CONFIG entry). */
export interface WorkspaceSending {
  /**
   * Keys that may only send (`POST /v1/send`, `GET /v1/messages/:id`): for an
   * order service that must not manage anything else. Default none.
   */
  sendKeys?: string[];
  /**
   * The public address links in messages point to (`{{ unsubscribe_url }}`,
   * `List-Unsubscribe`), e.g. `https://crm.shop.example`; without one, the
   * address Cairn answers on outside production, and no link in production.
   */
  publicBaseUrl?: string;
}

/** An http(s) base URL without credentials, query or fragment; trailing slashes are dropped. */
export function parsePublicBaseUrl(raw: unknown, field: string): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    if (typeof raw !== 'string') throw new Error('not a string');
    url = new URL(raw);
  } catch {
    throw new ConfigError(field, 'must be an http(s) URL such as https://crm.shop.example');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(field, 'must be an http or https URL');
  if (url.search || url.hash || url.username || url.password) throw new ConfigError(field, 'must be a base URL without credentials, query or fragment');
  return url.toString().replace(/\/+$/, '');
}

function parseSendKeys(raw: unknown, field: string): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new ConfigError(field, 'must be an array of strings');
  raw.forEach((k, i) => {
    if (typeof k !== 'string' || k.length < 16) throw new ConfigError(`${field}[${i}]`, 'must be a string of at least 16 characters');
  });
  return raw as string[];
}

/** The sending settings of the workspace entry `w` at `at` (`workspaces[0]`). */
export function parseWorkspaceSending(w: Record<string, unknown>, at: string): WorkspaceSending {
  const sending: WorkspaceSending = { sendKeys: parseSendKeys(w.sendKeys, `${at}.sendKeys`) };
  const base = parsePublicBaseUrl(w.publicBaseUrl, `${at}.publicBaseUrl`);
  if (base !== undefined) sending.publicBaseUrl = base;
  return sending;
}
