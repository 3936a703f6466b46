import { allowedHeaders, CORS_ALLOWED_HEADERS } from './cors.middleware';

describe('the headers a preflight lets through', () => {
  it('names back the header names a preflight asks for', () => {
    expect(allowedHeaders('authorization,content-type,anonymousid,sentat,rsa-retry-attempt')).toBe(
      'authorization,content-type,anonymousid,sentat,rsa-retry-attempt',
    );
    expect(allowedHeaders(' Authorization, X-Retry-Count ')).toBe('Authorization, X-Retry-Count');
  });

  it('answers the known ones for none, or for anything but a short list of header names', () => {
    expect(allowedHeaders(undefined)).toBe(CORS_ALLOWED_HEADERS);
    for (const odd of ['', 'a b', 'x;y', 'a,,b', 'a\r\nSet-Cookie: x=1', 'x'.repeat(65), Array.from({ length: 33 }, (_, i) => `h${i}`).join(',')]) {
      expect(allowedHeaders(odd)).toBe(CORS_ALLOWED_HEADERS);
    }
  });
});
