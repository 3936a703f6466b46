import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('reads a value once per ttl, again after the ttl ran out, and again at once after an invalidation of its prefix', async () => {
    let now = 0;
    let reads = 0;
    const cache = new TtlCache<number>(1_000, () => now);
    const load = async () => ++reads;
    expect(await cache.get('ws-1\u0000a', load)).toBe(1);
    now = 999;
    expect(await cache.get('ws-1\u0000a', load)).toBe(1);
    now = 1_000;
    expect(await cache.get('ws-1\u0000a', load)).toBe(2);
    cache.invalidate('ws-1\u0000');
    expect(await cache.get('ws-1\u0000a', load)).toBe(3);
  });

  it("keeps other workspaces' values on an invalidation", async () => {
    let reads = 0;
    const cache = new TtlCache<number>(1_000, () => 0);
    const load = async () => ++reads;
    await cache.get('ws-1\u0000a', load);
    await cache.get('ws-2\u0000a', load);
    cache.invalidate('ws-1\u0000');
    expect(await cache.get('ws-2\u0000a', load)).toBe(2);
    expect(await cache.get('ws-1\u0000a', load)).toBe(3);
  });

  it('holds at most its bound of entries: expired ones go first, else all', async () => {
    let now = 0;
    let reads = 0;
    const cache = new TtlCache<number>(1_000, () => now, 2);
    const load = async () => ++reads;
    await cache.get('a', load);
    now = 600;
    await cache.get('b', load);
    now = 1_100;
    await cache.get('c', load); // 'a' expired and is dropped; 'b' stays
    expect(await cache.get('b', load)).toBe(2);
    await cache.get('d', load); // nothing expired: all dropped
    expect(await cache.get('b', load)).toBe(5);
  });
});
