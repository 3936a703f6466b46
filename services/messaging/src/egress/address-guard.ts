import { formatIpv4, IpAddress, IpRange, parseCidr, parseIp, rangeContains, rangeCovers } from '@cairn/core';
import { lookup } from 'node:dns/promises';

/**
 * Outbound address rules for providers that call hosts a workspace configures.
 * Only publicly routable addresses pass:
 *
 * - IPv4: loopback, private, carrier-grade NAT, link-local (cloud metadata
 *   such as 169.254.169.254), documentation, benchmarking, the 6to4 relay,
 *   multicast and reserved ranges are refused;
 * - IPv6: only global unicast (2000::/3) passes, without the non-global parts
 *   of it (2001::/23 with Teredo 2001::/32, benchmarking 2001:2::/48 and ORCHID;
 *   documentation 2001:db8::/32 and 3fff::/20; 6to4 2002::/16). Everything
 *   else is refused: unspecified, loopback, IPv4-compatible ::/96, discard
 *   100::/64, NAT64 for local use 64:ff9b:1::/48, unique-local fc00::/7 (with
 *   the metadata address fd00:ec2::254), site-local fec0::/10, link-local and
 *   multicast. Two forms that carry an IPv4 address are judged by it:
 *   IPv4-mapped ::ffff:0:0/96 (in every spelling) and NAT64 64:ff9b::/96.
 *
 * A refused address is reachable only when both the operator (the `egress.
 * allowPrivate` list of the configuration) and the channel (its
 * `allowedAddresses`) allow it: a workspace admin alone can open nothing.
 * Names are resolved first and every address they resolve to is checked; the
 * connection then goes to the checked address.
 */
const range = (cidr: string): IpRange => parseCidr(cidr)!;

const REFUSED_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.88.99.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
].map(range);
const GLOBAL_UNICAST_V6 = range('2000::/3');
const NON_GLOBAL_IN_2000 = ['2001::/23', '2001:db8::/32', '2002::/16', '3fff::/20'].map(range);
/** IPv6 forms judged by the IPv4 address in their last 32 bits. */
const EMBEDS_V4 = ['::ffff:0:0/96', '64:ff9b::/96'].map(range);

export class DestinationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DestinationRefused';
  }
}

/** The IPv4 address an IPv4-mapped or NAT64 address carries. */
function embeddedV4(address: IpAddress): IpAddress | undefined {
  if (address.family !== 6 || !EMBEDS_V4.some((r) => rangeContains(r, address))) return undefined;
  return { family: 4, value: address.value & 0xffffffffn };
}

function refusedParsed(address: IpAddress): boolean {
  const v4 = address.family === 4 ? address : embeddedV4(address);
  if (v4) return REFUSED_V4.some((r) => rangeContains(r, v4));
  return !rangeContains(GLOBAL_UNICAST_V6, address) || NON_GLOBAL_IN_2000.some((r) => rangeContains(r, address));
}

/** Whether an address would be refused without an allow-list (anything that is not an IP address is). */
export function isBlockedAddress(address: string): boolean {
  const parsed = parseIp(address);
  return !parsed || refusedParsed(parsed);
}

/** A list of addresses and CIDR ranges (`127.0.0.1`, `10.0.0.0/8`, `::1`). */
export class AllowList {
  private constructor(readonly ranges: IpRange[]) {}

  /** Parses entries; returns the list of the valid ones and the bad entries' indexes. */
  static parse(entries: readonly string[]): { list: AllowList; invalid: number[] } {
    const ranges: IpRange[] = [];
    const invalid: number[] = [];
    entries.forEach((entry, i) => {
      const parsed = typeof entry === 'string' ? parseCidr(entry) : undefined;
      if (parsed) ranges.push(parsed);
      else invalid.push(i);
    });
    return { list: new AllowList(ranges), invalid };
  }

  static of(entries: readonly string[]): AllowList {
    return AllowList.parse(entries).list;
  }

  /** Whether the address, or the IPv4 address it carries, lies in one of the ranges. */
  allows(address: IpAddress): boolean {
    const v4 = embeddedV4(address);
    return this.ranges.some((r) => rangeContains(r, address) || (v4 !== undefined && rangeContains(r, v4)));
  }

  /** Whether every address of `inner` lies in one of the ranges. */
  covers(inner: IpRange): boolean {
    return this.ranges.some((r) => rangeCovers(r, inner));
  }
}

/** What one channel may reach beyond public addresses: what both its own list and the operator's allow. */
export interface Allowance {
  channel: AllowList;
  operator: AllowList;
}

export function allowanceOf(channelEntries: readonly string[], operatorEntries: readonly string[]): Allowance {
  return { channel: AllowList.of(channelEntries), operator: AllowList.of(operatorEntries) };
}

function refused(address: string, allowance: Allowance): boolean {
  const parsed = parseIp(address.replace(/%.*$/, '')); // a zone (fe80::1%eth0) only ever comes with link-local
  if (!parsed) return true;
  return refusedParsed(parsed) && !(allowance.channel.allows(parsed) && allowance.operator.allows(parsed));
}

/** Whether a literal IP host would be refused (for validation when a channel is saved); false for a name. */
export function refusedLiteralHost(hostname: string, allowance: Allowance): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return parseIp(host) !== undefined && refused(host, allowance);
}

/** How an address is shown in a refusal (the IPv4 address a mapped one carries, too). */
function shown(address: string): string {
  const parsed = parseIp(address);
  const v4 = parsed && embeddedV4(parsed);
  return v4 ? `${address} (${formatIpv4(v4.value)})` : address;
}

export type Resolver = (host: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

/**
 * Resolves `hostname` and returns the address to connect to, or throws
 * DestinationRefused if any address it resolves to is refused.
 */
export async function resolveSafeAddress(
  hostname: string,
  allowance: Allowance,
  resolve: Resolver = systemResolver,
): Promise<{ address: string; family: number }> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const literal = parseIp(host);
  const addresses = literal ? [{ address: host, family: literal.family }] : await resolve(host);
  if (addresses.length === 0) throw new DestinationRefused(`${hostname} does not resolve`);
  for (const entry of addresses) {
    if (refused(entry.address, allowance)) {
      throw new DestinationRefused(
        `${hostname} resolves to ${shown(entry.address)}, which is not a public address and not opened by the operator's egress.allowPrivate and the channel's allowedAddresses`,
      );
    }
  }
  return addresses[0];
}
