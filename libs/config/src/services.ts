import { ConfigError } from './config.error';
import type { ServiceUrls } from './config.types';
import { SERVICE_NAMES, ServiceName } from './surface';

/**
 * The optional `services` object of the CAIRN_CONFIG file: service name → the
 * base URL (http or https, no query or fragment) it answers on. Trailing
 * slashes are dropped.
 */
export function parseServiceUrls(raw: unknown): ServiceUrls {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('services', `must be an object of service name (${SERVICE_NAMES.join(', ')}) → base URL`);
  }
  const urls: ServiceUrls = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const field = `services.${name}`;
    if (!(SERVICE_NAMES as string[]).includes(name)) throw new ConfigError(field, `unknown service (use ${SERVICE_NAMES.join(', ')})`);
    urls[name as ServiceName] = parseBaseUrl(value, field);
  }
  return urls;
}

function parseBaseUrl(value: unknown, field: string): string {
  let url: URL;
  try {
    if (typeof value !== 'string') throw new Error('not a string');
    url = new URL(value);
  } catch {
    throw new ConfigError(field, 'must be an http(s) URL such as http://segments:3002');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(field, 'must be an http or https URL');
  if (url.search || url.hash || url.username || url.password) throw new ConfigError(field, 'must be a base URL without credentials, query or fragment');
  return url.toString().replace(/\/+$/, '');
}
