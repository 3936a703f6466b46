import { isIP } from 'node:net';
import { ConfigError } from './config.error';

/**
 * Which proxies in front of a service may name the client address in
 * `X-Forwarded-For` (Express's `trust proxy`): `false` (none: the peer is the
 * client), a number of hops, or a list of addresses, CIDR ranges and the names
 * `loopback`, `linklocal`, `uniquelocal`.
 */
export type TrustProxy = boolean | number | string[];

/** Loopback only: the all-in-one front door and a sidecar proxy on the same host. */
export const DEFAULT_TRUST_PROXY: TrustProxy = ['loopback'];

const NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** The optional `trustProxy` field of the CAIRN_CONFIG file. */
export function parseTrustProxy(raw: unknown): TrustProxy {
  if (raw === undefined) return DEFAULT_TRUST_PROXY;
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw <= 16) return raw;
  const entries = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()) : raw;
  if (Array.isArray(entries) && entries.length > 0 && entries.every((e) => typeof e === 'string' && isAddressOrRange(e))) return entries as string[];
  throw new ConfigError('trustProxy', 'must be false, true, a number of hops (0-16), or a list of addresses, CIDR ranges and loopback, linklocal, uniquelocal');
}
