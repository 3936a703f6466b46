import { buildAllowList, isBlockedAddress, refusedLiteralHost, resolveSafeAddress } from './address-guard';

describe('outbound address guard', () => {
  it.each(['127.0.0.1', '10.0.0.1', '169.254.169.254', '192.168.1.1', '172.16.5.4', '100.100.100.200', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1'])(
    'refuses %s',
    (address) => expect(isBlockedAddress(address)).toBe(true),
  );

  it.each(['8.8.8.8', '1.1.1.1', '2606:4700::1111'])('lets public %s through', (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });

  it('lets an allow-listed literal host through and refuses the rest', () => {
    expect(refusedLiteralHost('127.0.0.1', ['127.0.0.1'])).toBe(false);
    expect(refusedLiteralHost('127.0.0.2', ['127.0.0.1'])).toBe(true);
    expect(refusedLiteralHost('10.1.2.3', ['10.0.0.0/8'])).toBe(false);
    expect(refusedLiteralHost('[::1]', [])).toBe(true);
    expect(refusedLiteralHost('hooks.example.com', [])).toBe(false);
  });

  it('names the bad allow-list entries', () => {
    expect(buildAllowList(['127.0.0.1', 'nope', '10.0.0.0/33']).invalid).toEqual([1, 2]);
  });

  it('refuses a name that resolves to loopback', async () => {
    await expect(resolveSafeAddress('localhost', [])).rejects.toThrow(/resolves to/);
    await expect(resolveSafeAddress('localhost', ['127.0.0.1', '::1'])).resolves.toHaveProperty('address');
  });

  it('refuses a name if any address it resolves to is metadata or private (a rebinding-style answer)', async () => {
    const answers: Record<string, string[]> = {
      'metadata.example': ['169.254.169.254'],
      'internal.example': ['10.0.0.1'],
      'mixed.example': ['93.184.216.34', '10.0.0.1'],
      'public.example': ['93.184.216.34'],
    };
    const resolver = async (host: string) => answers[host].map((address) => ({ address, family: 4 }));
    for (const host of ['metadata.example', 'internal.example', 'mixed.example']) {
      await expect(resolveSafeAddress(host, [], resolver)).rejects.toThrow(/resolves to/);
    }
    await expect(resolveSafeAddress('public.example', [], resolver)).resolves.toEqual({ address: '93.184.216.34', family: 4 });
  });
});
