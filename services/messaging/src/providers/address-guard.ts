import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Outbound address rules for providers that call URLs a workspace configures:
 * loopback, private, carrier-grade NAT, link-local (cloud metadata such as
 * 169.254.169.254), multicast and reserved ranges are refused unless the
 * channel's allow-list names them. Names are resolved first and every address
 * they resolve to is checked; the connection then goes to the checked address.
 */
const BLOCKED_V4: Array<[string, number]> = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
];
const BLOCKED_V6: Array<[string, number]> = [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['100::', 64], ['2001:db8::', 32],
];

const blocked = new BlockList();
for (const [net, prefix] of BLOCKED_V4) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of BLOCKED_V6) blocked.addSubnet(net, prefix, 'ipv6');

export class DestinationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DestinationRefused';
  }
}

/** An IPv4 address embedded in an IPv4-mapped IPv6 address (::ffff:a.b.c.d), else the address itself. */
function unmap(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

export function isBlockedAddress(address: string): boolean {
  const plain = unmap(address);
  const family = isIP(plain);
  if (family === 0) return true;
  return blocked.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

/** Parses allow-list entries (`127.0.0.1`, `10.0.0.0/8`, `::1`); returns the bad entries' indexes. */
export function buildAllowList(entries: string[]): { list: BlockList; invalid: number[] } {
  const list = new BlockList();
  const invalid: number[] = [];
  entries.forEach((entry, i) => {
    const [net, prefix] = entry.split('/');
    const family = isIP(net);
    const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
    if (family === 0 || !Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) invalid.push(i);
    else list.addSubnet(net, bits, family === 4 ? 'ipv4' : 'ipv6');
  });
  return { list, invalid };
}

function isAllowed(address: string, allow: BlockList): boolean {
  const plain = unmap(address);
  const family = isIP(plain);
  return family !== 0 && allow.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

/** Whether a literal IP host would be refused (for validation when a channel is saved). */
export function refusedLiteralHost(hostname: string, allowEntries: string[]): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isIP(unmap(host)) === 0) return false;
  return isBlockedAddress(host) && !isAllowed(host, buildAllowList(allowEntries).list);
}

/**
 * Resolves `hostname` and returns the address to connect to, or throws
 * DestinationRefused if any address it resolves to is refused.
 */
export type Resolver = (host: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

export async function resolveSafeAddress(
  hostname: string,
  allowEntries: string[],
  resolve: Resolver = systemResolver,
): Promise<{ address: string; family: number }> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const allow = buildAllowList(allowEntries).list;
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host);
  if (addresses.length === 0) throw new DestinationRefused(`${hostname} does not resolve`);
  for (const entry of addresses) {
    if (isBlockedAddress(entry.address) && !isAllowed(entry.address, allow)) {
      throw new DestinationRefused(`${hostname} resolves to ${entry.address}, a private, loopback, link-local or reserved address`);
    }
  }
  return addresses[0];
}
