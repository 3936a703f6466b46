import { UNSUBSCRIBE_TOKEN_TTL_MS, UnsubscribeTokens } from './unsubscribe-token';

const key = (id: string, fill: number) => ({ id, key: Buffer.alloc(32, fill) });
const subject = { workspaceId: 'shop', userId: 'minji@example.com', channel: 'email' };
const now = new Date('2026-11-02T03:00:00.000Z');

describe('unsubscribe tokens', () => {
  const tokens = new UnsubscribeTokens({ keys: [key('k1', 1)], devKey: false });

  it('names its workspace, user and channel, and shows none of them in the token', () => {
    const token = tokens.issue(subject, now);
    expect(tokens.check(token, now)).toEqual({ ok: true, subject });
    expect(token).toMatch(/^u1\.k1\.[A-Za-z0-9_-]+$/);
    expect(token).not.toContain('minji');
    expect(Buffer.from(token.split('.')[2], 'base64url').toString('latin1')).not.toContain('shop');
  });

  it('expires 90 days after it was issued', () => {
    const token = tokens.issue(subject, now);
    expect(tokens.check(token, new Date(now.getTime() + UNSUBSCRIBE_TOKEN_TTL_MS - 1000)).ok).toBe(true);
    expect(tokens.check(token, new Date(now.getTime() + UNSUBSCRIBE_TOKEN_TTL_MS))).toEqual({ ok: false, problem: 'expired' });
  });

  it('refuses an altered, truncated, foreign or malformed token as invalid', () => {
    const token = tokens.issue(subject, now);
    const [v, id, sealed] = token.split('.');
    const flipped = Buffer.from(sealed, 'base64url');
    flipped[flipped.length - 1] ^= 1;
    const other = new UnsubscribeTokens({ keys: [key('k1', 2)], devKey: false }).issue(subject, now);
    for (const bad of [`${v}.${id}.${flipped.toString('base64url')}`, token.slice(0, -4), other, `${v}.k9.${sealed}`, 'u1..', '', 'x'.repeat(3000), 42]) {
      expect(tokens.check(bad, now)).toEqual({ ok: false, problem: 'invalid' });
    }
  });

  it('keeps working across a key rotation while the old key is listed', () => {
    const old = tokens.issue(subject, now);
    const rotated = new UnsubscribeTokens({ keys: [key('k2', 3), key('k1', 1)], devKey: false });
    expect(rotated.check(old, now)).toEqual({ ok: true, subject });
    expect(rotated.issue(subject, now)).toMatch(/^u1\.k2\./);
  });
});
