/**
 * IP addresses and CIDR ranges as numbers, for allow and block lists: every
 * spelling of an address (`::ffff:127.0.0.1`, `::FFFF:7f00:1`,
 * `0:0:0:0:0:ffff:7f00:1`) parses to the same value. Strict: IPv4 is a dotted
 * quad without leading zeros (no `0x7f.1`, `2130706433` or octal `010.0.0.1`),
 * and an IPv6 zone (`fe80::1%eth0`) is refused.
 */
export interface IpAddress {
  family: 4 | 6;
  value: bigint;
}

export interface IpRange {
  family: 4 | 6;
  /** The first address of the range (host bits cleared). */
  base: bigint;
  prefix: number;
}

const V4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEX_GROUP_RE = /^[0-9a-f]{1,4}$/i;

function bits(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

function parseV4(text: string): bigint | undefined {
  if (!V4_RE.test(text)) return undefined;
  return text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

/** The 16-bit groups of one side of `::` (an IPv4 tail counts as two). */
function groupsOf(side: string, allowV4Tail: boolean): bigint[] | undefined {
  if (side === '') return [];
  const parts = side.split(':');
  const groups: bigint[] = [];
  for (const [i, part] of parts.entries()) {
    if (allowV4Tail && i === parts.length - 1 && part.includes('.')) {
      const v4 = parseV4(part);
      if (v4 === undefined) return undefined;
      groups.push(v4 >> 16n, v4 & 0xffffn);
    } else if (HEX_GROUP_RE.test(part)) {
      groups.push(BigInt(parseInt(part, 16)));
    } else {
      return undefined;
    }
  }
  return groups;
}

function parseV6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = groupsOf(halves[0], halves.length === 1);
  const tail = halves.length === 2 ? groupsOf(halves[1], true) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<bigint>(halves.length === 2 ? missing : 0).fill(0n), ...tail];
  return groups.reduce((acc, group) => (acc << 16n) | group, 0n);
}

/** Parses an IPv4 or IPv6 address (IPv6 optionally in brackets); undefined when it is not one. */
export function parseIp(text: string): IpAddress | undefined {
  if (typeof text !== 'string' || text.length > 64) return undefined;
  const v4 = parseV4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseV6(text.replace(/^\[(.*)\]$/, '$1'));
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

/** Parses `10.0.0.0/8`, `fd00::/8` or a single address (a range of one); undefined when it is neither. */
export function parseCidr(text: string): IpRange | undefined {
  if (typeof text !== 'string') return undefined;
  const [net, prefixText, extra] = text.split('/');
  if (extra !== undefined) return undefined;
  const address = parseIp(net);
  if (!address) return undefined;
  const max = bits(address.family);
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return undefined;
  const hostBits = BigInt(max - prefix);
  return { family: address.family, base: (address.value >> hostBits) << hostBits, prefix };
}

/** Whether `address` lies in `range` (an IPv4 address is never in an IPv6 range, nor the reverse). */
export function rangeContains(range: IpRange, address: IpAddress): boolean {
  if (range.family !== address.family) return false;
  const hostBits = BigInt(bits(range.family) - range.prefix);
  return address.value >> hostBits === range.base >> hostBits;
}

/** Whether every address of `inner` lies in `outer`. */
export function rangeCovers(outer: IpRange, inner: IpRange): boolean {
  return inner.prefix >= outer.prefix && rangeContains(outer, { family: inner.family, value: inner.base });
}

/** An IPv4 address (a 32-bit value) in dotted-quad form. */
export function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}
