import { byteChunks } from './byte-chunks';

const message = (i: number, bytes: number) => ({ topic: 't', key: `k${i}`, value: Buffer.alloc(bytes) });

describe('byteChunks', () => {
  it('keeps the order and every message, each chunk under the limit', () => {
    const messages = Array.from({ length: 50 }, (_, i) => message(i, 100 + i * 10));
    const chunks = [...byteChunks(messages, 2_000)];
    expect(chunks.flat()).toEqual(messages);
    for (const chunk of chunks) expect(chunk.reduce((n, m) => n + m.value.length + m.key.length + 200, 0)).toBeLessThanOrEqual(2_000);
    expect(chunks.length).toBeGreaterThan(1);
  });

  it('sends a message over the limit alone, and nothing for no messages', () => {
    const messages = [message(0, 10), message(1, 5_000), message(2, 10)];
    expect([...byteChunks(messages, 1_000)].map((c) => c.map((m) => m.key))).toEqual([['k0'], ['k1'], ['k2']]);
    expect([...byteChunks([], 1_000)]).toEqual([]);
  });

  it('counts string values and keys in UTF-8 bytes', () => {
    const ascii = Array.from({ length: 10 }, () => ({ key: null, value: 'v'.repeat(300) }));
    expect([...byteChunks(ascii, 1_000)].map((c) => c.length)).toEqual([2, 2, 2, 2, 2]);
    // 100 Hangul syllables are 300 bytes, not 100.
    const korean = Array.from({ length: 10 }, () => ({ key: '장바구니', value: '장'.repeat(100) }));
    expect([...byteChunks(korean, 1_100)].map((c) => c.length)).toEqual([2, 2, 2, 2, 2]);
  });
});
