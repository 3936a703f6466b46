import { formatIpv4, parseCidr, parseIp, rangeContains, rangeCovers } from './ip';

describe('parseIp', () => {
  it('reads every spelling of one IPv4-mapped address as the same value', () => {
    const spellings = ['::ffff:127.0.0.1', '::FFFF:7f00:1', '0:0:0:0:0:ffff:7f00:1', '0:0:0:0:0:FFFF:127.0.0.1', '[::ffff:7f00:0001]'];
    const values = spellings.map((s) => parseIp(s));
    expect(new Set(values.map((v) => v?.value))).toEqual(new Set([0xffff7f000001n]));
    expect(values.every((v) => v?.family === 6)).toBe(true);
  });

  it.each([
    ['10.1.2.3', 4, 0x0a010203n],
    ['0.0.0.0', 4, 0n],
    ['255.255.255.255', 4, 0xffffffffn],
    ['::', 6, 0n],
    ['::1', 6, 1n],
    ['2001:db8::8:800:200c:417a', 6, 0x20010db80000000000080800200c417an],
  ] as Array<[string, number, bigint]>)('parses %s', (text, family, value) => {
    expect(parseIp(text)).toEqual({ family, value });
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.0.0.1',
    '010.0.0.1',
    '0x7f.0.0.1',
    '2130706433',
    '127.1',
    'fe80::1%eth0',
    ':::',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '12345::',
    'g::1',
    '1:2:3:4:5:6:7:8::',
    ':1',
    'localhost',
  ])('refuses %p', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });
});

describe('CIDR ranges', () => {
  it('parses a range or a single address and clears the host bits', () => {
    expect(parseCidr('10.1.2.3/16')).toEqual({ family: 4, base: 0x0a010000n, prefix: 16 });
    expect(parseCidr('10.1.2.3')).toEqual({ family: 4, base: 0x0a010203n, prefix: 32 });
    expect(parseCidr('fd00::/8')).toEqual({ family: 6, base: 0xfdn << 120n, prefix: 8 });
    expect(parseCidr('::1')?.prefix).toBe(128);
  });

  it.each(['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/8/8', '10.0.0.0/-1', '10.0.0.0/ 8', 'x/8'])('refuses %p', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it('knows containment and cover, per family', () => {
    const net = parseCidr('10.1.0.0/16')!;
    expect(rangeContains(net, parseIp('10.1.255.255')!)).toBe(true);
    expect(rangeContains(net, parseIp('10.2.0.0')!)).toBe(false);
    expect(rangeContains(parseCidr('::/0')!, parseIp('10.1.0.1')!)).toBe(false);
    expect(rangeCovers(net, parseCidr('10.1.2.0/24')!)).toBe(true);
    expect(rangeCovers(net, parseCidr('10.0.0.0/8')!)).toBe(false);
    expect(rangeCovers(net, parseCidr('10.2.0.0/24')!)).toBe(false);
    expect(rangeCovers(parseCidr('0.0.0.0/0')!, parseCidr('169.254.169.254')!)).toBe(true);
  });

  it('formats an IPv4 value', () => {
    expect(formatIpv4(0xa9fea9fen)).toBe('169.254.169.254');
  });
});
