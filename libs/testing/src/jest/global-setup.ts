import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../infra/util';
import { resolveInfrastructure } from '../infra/resolve';

/**
 * Finds (or starts) Kafka and Postgres once for the whole run and hands them
 * to the test workers through the environment.
 */
export default async function globalSetup(): Promise<void> {
  const g = globalThis as { __cairnInfra?: Awaited<ReturnType<typeof resolveInfrastructure>> };
  if (g.__cairnInfra) return;
  const log = (line: string) => process.stdout.write(`[infra] ${line}\n`);
  const infra = await resolveInfrastructure(log);
  g.__cairnInfra = infra;
  process.env.CAIRN_TEST_KAFKA_BROKERS = infra.kafkaBrokers;
  process.env.CAIRN_TEST_DATABASE_URL = infra.databaseUrl;
  // Tests start services, fixtures and the cairn command as separate processes from dist/: build it fresh (swc, about a
  // second), and the operator console the all-in-one serves (esbuild, about a second), as `npm run build` does.
  execFileSync(join(repoRoot(), 'node_modules/.bin/swc'), ['libs', 'services', 'cli/src', '-d', 'dist', '--quiet'], { cwd: repoRoot(), stdio: 'inherit' });
  execFileSync(process.execPath, [join(repoRoot(), 'console/build.mjs')], { cwd: repoRoot(), stdio: 'inherit' });
  log(`Kafka ${infra.kafkaBrokers} (${infra.kafkaSource}); Postgres ${infra.databaseUrl.replace(/:[^:@/]*@/, ':***@')} (${infra.databaseSource})`);
}
