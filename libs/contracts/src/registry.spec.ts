import { asyncApiDocument } from './asyncapi';
import { CONTRACTS, decodeMessage } from './registry';
import { TOPICS } from './topics';

describe('topic contracts', () => {
  it.each(CONTRACTS.map((c) => [c.topic, c] as const))('accepts the documented example of %s', (_topic, contract) => {
    const result = decodeMessage(contract.topic, 'shop:u-1', JSON.stringify(contract.example));
    expect(result).toEqual({ ok: true, value: contract.example });
  });

  it('names the field at fault in a value that breaks the contract', () => {
    const result = decodeMessage(
      TOPICS.events,
      'shop:u-1',
      JSON.stringify({ v: 1, workspaceId: 'shop', type: 'track', userId: 'u-1', timestamp: 'yesterday', receivedAt: '2026-01-01T00:00:00Z' }),
    );
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.problems.map((p) => `${p.path} ${p.message}`);
    expect(paths.join('\n')).toMatch(/messageId/);
    expect(paths.join('\n')).toMatch(/\/timestamp/);
  });

  it('refuses bytes that are not JSON and keys without a workspace', () => {
    expect(decodeMessage(TOPICS.events, 'shop:u-1', Buffer.from([0xff, 0x00]))).toMatchObject({ ok: false });
    const example = CONTRACTS[0].example;
    expect(decodeMessage(TOPICS.events, 'no-workspace', JSON.stringify(example))).toMatchObject({ ok: false, problems: [{ path: '(key)' }] });
  });

  it('describes every topic in the AsyncAPI document', () => {
    const doc = asyncApiDocument() as { channels: Record<string, { address: string }> };
    expect(
      Object.values(doc.channels)
        .map((c) => c.address)
        .sort(),
    ).toEqual(Object.values(TOPICS).sort());
  });
});
