import { describeMigrationRoundTrip, describeServiceBoot, documentedPaths } from '@cairn/testing';
import { JOURNEYS_MIGRATIONS } from './migrations';

describeServiceBoot('journeys', async (url) => {
  expect(await documentedPaths(url)).toEqual(
    expect.arrayContaining(['/v1/journeys', '/v1/journeys/{id}/publish', '/v1/journeys/{id}/pause', '/v1/journeys/{id}/stats', '/v1/users/{userId}/journeys']),
  );
  const ready = (await (await fetch(`${url}/health/ready`)).json()) as { checks: Record<string, string> };
  expect(ready.checks.consumer).toBe('ok'); // events, catalog events, memberships, outcomes
  expect((await fetch(`${url}/v1/journeys`)).status).toBe(401);
});
describeMigrationRoundTrip('journeys', JOURNEYS_MIGRATIONS);
