import { comparableConfig, MissingVariable, missingSecrets, resolveReferences, writeOnlyPaths } from './secrets';

describe('channel secrets', () => {
  it('resolves ${ENV} references, strictly at apply', () => {
    const config = { url: 'https://x/${PATH_PART}', auth: { user: 'me', pass: '${PASS}' } };
    expect(resolveReferences(config, { PATH_PART: 'in', PASS: 'pw' }, true)).toEqual({ url: 'https://x/in', auth: { user: 'me', pass: 'pw' } });
    expect(resolveReferences(config, { PATH_PART: 'in' }, false)).toEqual({ url: 'https://x/in', auth: { user: 'me', pass: '${PASS}' } });
    expect(() => resolveReferences(config, {}, true)).toThrow(new MissingVariable('PATH_PART', 'url'));
  });

  it('compares a channel without the fields the server never shows, and sees a secret the server lacks', () => {
    const writeOnly = { 'config.auth.pass': 'unset' };
    const config = { host: 'smtp.example', auth: { user: 'me', pass: 'pw' } };
    expect(writeOnlyPaths(writeOnly)).toEqual([['auth', 'pass']]);
    expect(comparableConfig(config, writeOnlyPaths(writeOnly))).toEqual({ host: 'smtp.example', auth: { user: 'me' } });
    expect(missingSecrets(config, writeOnly)).toEqual(['config.auth.pass']);
    expect(missingSecrets(config, { 'config.auth.pass': 'set' })).toEqual([]);
  });
});
