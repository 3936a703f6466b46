import { someWorkspaceAllowsOrigin, workspaceAllowsOrigin } from './origins';

describe('allowed origins', () => {
  const shop = { allowedOrigins: ['https://shop.example.com', 'http://localhost:8080'] };

  it('lets in exactly the origins a workspace lists', () => {
    expect(workspaceAllowsOrigin(shop, 'https://shop.example.com')).toBe(true);
    expect(workspaceAllowsOrigin(shop, 'http://localhost:8080')).toBe(true);
    for (const other of ['http://shop.example.com', 'https://shop.example.com:8443', 'https://evil.example.com', 'https://shop.example.com.evil.io', '']) {
      expect(workspaceAllowsOrigin(shop, other)).toBe(false);
    }
  });

  it('lets in any origin with *, never the opaque null origin, and none without a list', () => {
    expect(workspaceAllowsOrigin({ allowedOrigins: ['*'] }, 'https://anything.example')).toBe(true);
    expect(workspaceAllowsOrigin({ allowedOrigins: ['*'] }, 'null')).toBe(false);
    expect(workspaceAllowsOrigin({}, 'https://shop.example.com')).toBe(false);
    expect(workspaceAllowsOrigin({ allowedOrigins: [] }, 'https://shop.example.com')).toBe(false);
  });

  it('answers a preflight for an origin some workspace lists', () => {
    expect(someWorkspaceAllowsOrigin([{}, shop], 'https://shop.example.com')).toBe(true);
    expect(someWorkspaceAllowsOrigin([{}, shop], 'https://other.example.com')).toBe(false);
  });
});
