import { SERVICE_NAMES, SERVICE_TOPICS } from '@cairn/config';
import { playScenarios } from './support/play-scenarios';
import { expectReferenceChecksOn } from './support/reference-checks';
import { startDistributed } from './support/stack';

// The four services as separate processes on Kafka and Postgres.
describe('field scenarios, distributed (four service processes, Kafka, Postgres)', () => {
  const stack = playScenarios(startDistributed);

  it('checks the segments, templates and channels a journey names when it is saved', async () => {
    await expectReferenceChecksOn(stack());
  });

  it('runs each service as its own process, each consumer joined to its group', async () => {
    expect(new Set(SERVICE_NAMES.map((s) => stack().url(s))).size).toBe(4);
    for (const service of SERVICE_NAMES) {
      const ready = (await (await fetch(`${stack().url(service)}/health/ready`)).json()) as { status: string; checks: Record<string, string> };
      expect({ service, status: ready.status }).toEqual({ service, status: 'ready' });
      if (SERVICE_TOPICS[service].consumes.length > 0) expect({ service, consumer: ready.checks.consumer }).toEqual({ service, consumer: 'ok' });
    }
  });
});
