import { describeMigrationRoundTrip, describeServiceBoot, documentedPaths } from '@cairn/testing';
import { SEGMENTS_MIGRATIONS } from './migrations';

describeServiceBoot('segments', async (url) => {
  expect(await documentedPaths(url)).toEqual(
    expect.arrayContaining(['/v1/segments', '/v1/segments/preview', '/v1/segments/{id}/members', '/v1/users/{userId}/segments']),
  );
  const ready = (await (await fetch(`${url}/health/ready`)).json()) as { checks: Record<string, string> };
  expect(ready.checks.consumer).toBe('ok'); // it consumes cairn.events.v1
  expect((await fetch(`${url}/v1/segments`)).status).toBe(401);
});
describeMigrationRoundTrip('segments', SEGMENTS_MIGRATIONS);
