import { describeMigrationRoundTrip, describeServiceBoot, documentedPaths } from '@cairn/testing';
import { EVENTS_MIGRATIONS } from './migrations';

describeServiceBoot('events', async (url) => {
  // The ingest surface of docs/design.md §2, and a key is required.
  expect(await documentedPaths(url)).toEqual(
    expect.arrayContaining(['/v1/track', '/v1/identify', '/v1/page', '/v1/screen', '/v1/alias', '/v1/batch', '/v1/catalog/events']),
  );
  expect((await fetch(`${url}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
});
describeMigrationRoundTrip('events', EVENTS_MIGRATIONS);
