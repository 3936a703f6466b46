import { describeMigrationRoundTrip, describeServiceBoot, documentedPaths } from '@cairn/testing';
import { MESSAGING_MIGRATIONS } from './migrations';

describeServiceBoot('messaging', async (url) => {
  expect(await documentedPaths(url)).toEqual(
    expect.arrayContaining(['/v1/templates', '/v1/channels', '/v1/frequency-policy', '/v1/users/{userId}/consents', '/v1/messages']),
  );
  const ready = (await (await fetch(`${url}/health/ready`)).json()) as { checks: Record<string, string> };
  expect(ready.checks.consumer).toBe('ok'); // it consumes cairn.message-requests.v1
  expect((await fetch(`${url}/v1/messages?userId=u1`)).status).toBe(401);
});
describeMigrationRoundTrip('messaging', MESSAGING_MIGRATIONS);
