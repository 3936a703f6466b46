import { browserPathKind, isAdminPath, writeKeyInPath } from './browser-paths';

describe('browser paths', () => {
  it.each([
    '/v1/track',
    '/v1/batch',
    '/v1/t',
    '/v1/i',
    '/v1/p',
    '/v1/a',
    '/v1/g',
    '/v1/s',
    '/v1/b',
    '/v1/b/',
    '/V1/TRACK',
    '/v1/catalog/events',
    '/beacon/v1/batch',
  ])('%s is an ingest path', (path) => {
    expect(browserPathKind(path)).toBe('ingest');
  });

  it.each(['/v1/projects/key-1/settings', '/v1/projects/key-1/settings/', '/sourceConfig', '/sourceConfig/', '/v1/sourceConfig', '/v1/sourceconfig'])(
    '%s is a settings path',
    (path) => {
      expect(browserPathKind(path)).toBe('settings');
    },
  );

  it.each(['/v1/tracks', '/v1/x', '/v1/parked/events', '/v1/projects/k/settings/x', '/v1/projects//settings', '/health/ready', '/docs', '/v1/track/x'])(
    '%s is not a browser path',
    (path) => {
      expect(browserPathKind(path)).toBeUndefined();
    },
  );

  it('reads the write key analytics.js puts in the settings path', () => {
    expect(writeKeyInPath('/v1/projects/shop-write%3Akey/settings')).toBe('shop-write:key');
    expect(writeKeyInPath('/v1/projects/%E0%A4%A/settings')).toBeUndefined();
    expect(writeKeyInPath('/v1/track')).toBeUndefined();
  });

  it('knows the management paths, whatever their case', () => {
    expect(isAdminPath('/v1/parked/events/outbox/1/retry')).toBe(true);
    expect(isAdminPath('/V1/Parked/events')).toBe(true);
    expect(isAdminPath('/v1/parkedx')).toBe(false);
  });
});
