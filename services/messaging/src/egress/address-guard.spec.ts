import { allowanceOf, AllowList, isBlockedAddress, refusedLiteralHost, resolveSafeAddress } from './address-guard';

const none = allowanceOf([], []);

describe('outbound address guard', () => {
  it.each([
    // IPv4: loopback, private, CGNAT, link-local / metadata, unspecified, documentation, benchmarking, 6to4 relay, multicast, reserved
    '127.0.0.1',
    '10.0.0.1',
    '169.254.169.254',
    '192.168.1.1',
    '172.16.5.4',
    '100.100.100.200',
    '0.0.0.0',
    '192.0.2.1',
    '198.18.0.1',
    '192.88.99.1',
    '224.0.0.1',
    '255.255.255.255',
    // IPv6 loopback, unspecified, link-local, unique-local (AWS metadata fd00:ec2::254), site-local, multicast
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    'fd00:ec2::254',
    'fec0::1',
    'ff02::1',
    // IPv4-mapped, every spelling
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::FFFF:7F00:0001',
    '0:0:0:0:0:ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '::ffff:10.0.0.1',
    // IPv4-compatible ::/96 and IPv4-translated forms
    '::127.0.0.1',
    '::7f00:1',
    '::8.8.8.8',
    '::ffff:0:808:808',
    // NAT64 of a private address, NAT64 for local use (whole range)
    '64:ff9b::127.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '64:ff9b:1::8.8.8.8',
    // 6to4, Teredo, ORCHID, benchmarking, documentation, discard
    '2002:7f00:1::1',
    '2002:808:808::1',
    '2001::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    '2001:10::1',
    '2001:20::1',
    '2001:2::1',
    '2001:db8::1',
    '3fff::1',
    '100::1',
    // not an address at all
    'localhost',
    '',
    '127.1',
    '2130706433',
  ])('refuses %p', (address) => expect(isBlockedAddress(address)).toBe(true));

  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700::1111', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8'])(
    'lets public %s through',
    (address) => expect(isBlockedAddress(address)).toBe(false),
  );

  it('lets a literal host through only when both the operator and the channel allow it', () => {
    expect(refusedLiteralHost('127.0.0.1', allowanceOf(['127.0.0.1'], ['127.0.0.1']))).toBe(false);
    expect(refusedLiteralHost('127.0.0.1', allowanceOf(['127.0.0.1'], []))).toBe(true); // the channel alone opens nothing
    expect(refusedLiteralHost('127.0.0.1', allowanceOf([], ['127.0.0.0/8']))).toBe(true); // the channel did not ask for it
    expect(refusedLiteralHost('127.0.0.2', allowanceOf(['127.0.0.1'], ['127.0.0.0/8']))).toBe(true);
    expect(refusedLiteralHost('10.1.2.3', allowanceOf(['10.1.0.0/16'], ['10.0.0.0/8']))).toBe(false);
    expect(refusedLiteralHost('[::ffff:7f00:1]', allowanceOf(['127.0.0.1'], ['127.0.0.1']))).toBe(false); // judged by the IPv4 it carries
    expect(refusedLiteralHost('[::1]', none)).toBe(true);
    expect(refusedLiteralHost('hooks.example.com', none)).toBe(false);
  });

  it('names the bad allow-list entries and knows which ranges a list covers', () => {
    expect(AllowList.parse(['127.0.0.1', 'nope', '10.0.0.0/33', 'fe80::1%eth0']).invalid).toEqual([1, 2, 3]);
    const operator = AllowList.of(['10.1.0.0/16', 'fd00:ec2::/64']);
    const covered = (cidr: string) => operator.covers(AllowList.of([cidr]).ranges[0]);
    expect([covered('10.1.2.0/24'), covered('10.1.2.3'), covered('fd00:ec2::254')]).toEqual([true, true, true]);
    expect([covered('10.0.0.0/8'), covered('10.2.0.1'), covered('169.254.169.254'), covered('::ffff:10.1.0.1')]).toEqual([false, false, false, false]);
  });

  it('refuses a name that resolves to loopback unless the operator and the channel open it', async () => {
    await expect(resolveSafeAddress('localhost', none)).rejects.toThrow(/resolves to/);
    await expect(resolveSafeAddress('localhost', allowanceOf(['127.0.0.1', '::1'], []))).rejects.toThrow(/resolves to/);
    await expect(resolveSafeAddress('localhost', allowanceOf(['127.0.0.1', '::1'], ['127.0.0.1', '::1']))).resolves.toHaveProperty('address');
  });

  it('refuses a name if any address it resolves to is metadata, private or carries one (a rebinding-style answer)', async () => {
    const answers: Record<string, string[]> = {
      'metadata.example': ['169.254.169.254'],
      'metadata6.example': ['fd00:ec2::254'],
      'internal.example': ['10.0.0.1'],
      'mapped.example': ['::ffff:a9fe:a9fe'],
      'nat64.example': ['64:ff9b::a00:1'],
      'mixed.example': ['93.184.216.34', '10.0.0.1'],
      'public.example': ['93.184.216.34'],
    };
    const resolver = async (host: string) => answers[host].map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    for (const host of ['metadata.example', 'metadata6.example', 'internal.example', 'mapped.example', 'nat64.example', 'mixed.example']) {
      await expect(resolveSafeAddress(host, none, resolver)).rejects.toThrow(/resolves to/);
    }
    await expect(resolveSafeAddress('mapped.example', none, resolver)).rejects.toThrow('::ffff:a9fe:a9fe (169.254.169.254)');
    await expect(resolveSafeAddress('public.example', none, resolver)).resolves.toEqual({ address: '93.184.216.34', family: 4 });
  });
});
