import { ServiceName } from '@cairn/config';
import { createTestDatabase, TestDatabase, testConfigFile, testInfra, testTopicPrefix } from '../infra/isolation';
import { spawnService } from '../infra/service-process';

/** What a service's own boot test checks beyond the common surface, against its running process. */
export type ServiceCheck = (url: string) => Promise<void>;

/** The paths a running service documents in its OpenAPI document. */
export async function documentedPaths(url: string): Promise<string[]> {
  const docs = (await (await fetch(`${url}/docs-json`)).json()) as { paths: Record<string, unknown> };
  return Object.keys(docs.paths);
}

/**
 * Every service boots as its own process with KAFKA_BROKERS and DATABASE_URL,
 * reports ready, serves its public surface, and shuts down cleanly on SIGTERM.
 */
export function describeServiceBoot(service: ServiceName, check: ServiceCheck): void {
  let db: TestDatabase;
  let configFile: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    configFile = testConfigFile({ topicPrefix: testTopicPrefix() });
  });
  afterAll(async () => db?.drop());

  describe(`the ${service} service process`, () => {
    it('boots, reports ready, serves health, metrics and docs, and exits 0 on SIGTERM', async () => {
      const proc = await spawnService({
        service,
        env: { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: db.url, CAIRN_CONFIG: configFile },
      });
      try {
        const ready = await (await fetch(`${proc.url}/health/ready`)).json();
        expect(ready).toMatchObject({ status: 'ready', checks: { database: 'ok' } });
        expect((await fetch(`${proc.url}/health/live`)).status).toBe(200);
        const metrics = await (await fetch(`${proc.url}/metrics`)).text();
        expect(metrics).toContain('cairn_process_');
        const docs = (await (await fetch(`${proc.url}/docs-json`)).json()) as { info: { title: string } };
        expect(docs.info.title).toBe(`Cairn ${service}`);
        expect((await fetch(`${proc.url}/docs`)).status).toBe(200);
        const unknown = await fetch(`${proc.url}/v1/nothing-here`);
        expect(unknown.status).toBe(404);
        expect(await unknown.json()).toMatchObject({ code: 'NOT_FOUND' });
        await check(proc.url);
      } finally {
        const ended = await proc.stop('SIGTERM');
        expect({ ended, output: ended.code === 0 ? '' : proc.output() }).toEqual({ ended: { code: 0, signal: null }, output: '' });
      }
    });
  });
}
