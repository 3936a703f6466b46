import { ConfigError, loadConfig } from '@cairn/config';
import { createDataSource, revertAllMigrations, runMigrations } from '@cairn/db';
import { startTracing } from '@cairn/observability';
import { ServiceDefinition } from './service-definition';
import { startService } from './start-service';

const DRAIN_DEADLINE_MS = 30_000;

function fail(message: string): never {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', time: new Date().toISOString(), msg: message })}\n`);
  process.exit(1);
}

async function migrate(def: ServiceDefinition, direction: 'up' | 'down'): Promise<void> {
  const config = loadConfig({ service: def.name });
  // Migrations run without the statement timeout: a long index build must not be cut off.
  const dataSource = await createDataSource({
    url: config.databaseUrl,
    schema: def.schema,
    migrations: def.migrations,
    applicationName: `cairn-${def.name}-migrate`,
    poolSize: 2,
  });
  try {
    if (direction === 'up') {
      const applied = await runMigrations(dataSource);
      process.stdout.write(`${def.schema}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}\n`);
    } else {
      process.stdout.write(`${def.schema}: reverted ${await revertAllMigrations(dataSource)} migrations\n`);
    }
  } finally {
    await dataSource.destroy();
  }
}

async function serve(def: ServiceDefinition): Promise<void> {
  const config = loadConfig({ service: def.name });
  // Before the database and HTTP server exist, so their modules are instrumented (nothing is loaded when off).
  const tracing = await startTracing(config.tracing);
  const running = await startService(def, config);
  const shutdown = (signal: string) => {
    running.platform.logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => fail(`shutdown did not finish within ${DRAIN_DEADLINE_MS} ms`), DRAIN_DEADLINE_MS);
    running.stop().then(
      async () => {
        await tracing?.shutdown();
        clearTimeout(deadline);
        process.exit(0);
      },
      (error) => fail(`shutdown failed: ${(error as Error).message}`),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/**
 * A service's process entry: `main.js` serves, `main.js migrate` applies the
 * migrations and exits, `main.js migrate:down` reverts all of them.
 */
export function runMain(def: ServiceDefinition, argv = process.argv.slice(2)): void {
  process.on('unhandledRejection', (reason) => fail(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`));
  const command = argv[0] ?? 'serve';
  const run =
    command === 'migrate'
      ? migrate(def, 'up')
      : command === 'migrate:down'
        ? migrate(def, 'down')
        : command === 'serve'
          ? serve(def)
          : Promise.reject(new Error(`unknown command ${command}; use serve, migrate or migrate:down`));
  run.catch((error) => fail(error instanceof ConfigError ? error.message : `${def.name} failed to start: ${(error as Error).message}`));
}
