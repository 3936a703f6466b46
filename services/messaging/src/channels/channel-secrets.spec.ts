import { DEV_SECRETS_KEY } from '@cairn/config';
import { hasStaleSecrets, keepStoredSecrets, openSecrets, resealSecrets, sealSecrets, writeOnlyView } from './channel-secrets';
import { SecretBox, UnreadableSecret } from './secret-box';

const k1 = { id: 'k1', key: Buffer.alloc(32, 1) };
const k2 = { id: 'k2', key: Buffer.alloc(32, 2) };
const box = (...keys: Array<typeof k1>) => new SecretBox({ keys, devKey: false });

describe('SecretBox (AES-256-GCM with key ids)', () => {
  it('seals with the first key, opens with any listed key, and reads legacy plaintext as itself', () => {
    const sealed = box(k1).seal('p4ssw0rd');
    expect(sealed).toMatch(/^cairn-secret:v1:k1:/);
    expect(sealed).not.toContain('p4ssw0rd');
    expect(box(k2, k1).open(sealed)).toBe('p4ssw0rd');
    expect(box(k1).open('legacy plaintext')).toBe('legacy plaintext');
    expect(box(k1).seal('same')).not.toBe(box(k1).seal('same'));
  });

  it('refuses a value whose key is not listed, a different key under the same id, and a tampered value', () => {
    const sealed = box(k1).seal('secret');
    expect(() => box(k2).open(sealed)).toThrow(UnreadableSecret);
    expect(() => box({ id: 'k1', key: Buffer.alloc(32, 9) }).open(sealed)).toThrow(/does not decrypt/);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BA' : 'AA');
    expect(() => box(k1).open(tampered)).toThrow(UnreadableSecret);
    // The key id is authenticated: relabelling a value for another listed key does not open it.
    expect(() => box(k1, k2).open(sealed.replace(':k1:', ':k2:'))).toThrow(UnreadableSecret);
  });

  it('calls plaintext and values of older keys stale', () => {
    expect(box(k2, k1).isStale(box(k1).seal('x'))).toBe(true);
    expect(box(k2, k1).isStale(box(k2).seal('x'))).toBe(false);
    expect(box(k1).isStale('plain')).toBe(true);
    expect(new SecretBox({ keys: [DEV_SECRETS_KEY], devKey: true }).writerId).toBe('dev');
  });
});

describe('channel credentials', () => {
  const smtp = { host: 'smtp.example.com', port: 587, from: 'a@b.c', auth: { user: 'u', pass: 'p4ss' } };

  it('encrypts exactly the write-only fields of each type and decrypts them back', () => {
    const stored = sealSecrets('smtp', smtp, box(k1));
    expect(stored).toMatchObject({ host: 'smtp.example.com', auth: { user: 'u', pass: expect.stringMatching(/^cairn-secret:v1:k1:/) } });
    expect(openSecrets('smtp', stored, box(k1))).toEqual(smtp);
    const hook = sealSecrets('webhook', { url: 'https://h.example/x', secret: 'sixteen-chars-secret' }, box(k1));
    expect(JSON.stringify(hook)).not.toContain('sixteen-chars-secret');
    expect(sealSecrets('sms-http', { url: 'https://s.example', apiKey: 'k' }, box(k1)).apiKey).toMatch(/^cairn-secret:/);
    expect(sealSecrets('log', {}, box(k1))).toEqual({});
  });

  it('re-encrypts plaintext and older keys with the current key', () => {
    const legacy = { url: 'https://h.example/x', secret: 'plain-text-secret-123' };
    const rotated = box(k2, k1);
    expect(hasStaleSecrets('webhook', legacy, rotated)).toBe(true);
    const resealed = resealSecrets('webhook', sealSecrets('webhook', legacy, box(k1)), rotated);
    expect(resealed.secret).toMatch(/^cairn-secret:v1:k2:/);
    expect(hasStaleSecrets('webhook', resealed, rotated)).toBe(false);
    expect(openSecrets('webhook', resealed, box(k2)).secret).toBe('plain-text-secret-123');
  });

  it('shows write-only fields as set, unset or unreadable, never their value', () => {
    expect(writeOnlyView({ key: 'm', type: 'smtp', config: smtp })).toEqual({
      key: 'm',
      type: 'smtp',
      config: { host: 'smtp.example.com', port: 587, from: 'a@b.c', auth: { user: 'u' } },
      writeOnly: { 'config.auth.pass': 'set', 'config.signingSecret': 'unset' },
    });
    expect(writeOnlyView({ key: 's', type: 'sms-http', config: { url: 'https://s.example', signingSecret: 'receipts-signing-key' } }).writeOnly).toEqual({
      'config.apiKey': 'unset',
      'config.signingSecret': 'set',
    });
    const unreadable: string[] = [];
    const opened = openSecrets('webhook', sealSecrets('webhook', { url: 'u', secret: 'x' }, box(k1)), box(k2), (field) => unreadable.push(field));
    expect(unreadable).toEqual(['config.secret']);
    expect(writeOnlyView({ key: 'h', type: 'webhook', config: opened }).writeOnly).toEqual({ 'config.secret': 'unreadable' });
  });

  it('keeps the stored value of a write-only field a replacement leaves out', () => {
    expect(keepStoredSecrets('smtp', { ...smtp, auth: { user: 'v' } }, smtp, 'smtp')).toEqual({ ...smtp, auth: { user: 'v', pass: 'p4ss' } });
    expect(keepStoredSecrets('smtp', { ...smtp, auth: { user: 'v', pass: 'new' } }, smtp, 'smtp').auth).toEqual({ user: 'v', pass: 'new' });
    expect(keepStoredSecrets('webhook', { url: 'u' }, smtp, 'smtp')).toEqual({ url: 'u' });
  });
});
