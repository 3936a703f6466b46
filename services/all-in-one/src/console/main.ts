import { ConfigError, loadConsoleConfig } from '@cairn/config';
import { ConsoleFiles } from './console-files';
import { consoleServer } from './console-server';

/**
 * The console image's entry point: serves the built console and passes
 * `/v1/…` to the four services (their URLs from the CAIRN_CONFIG file's
 * `services`, else the Kubernetes Services `cairn-<service>`).
 */
function main(): void {
  const config = loadConsoleConfig();
  const files = new ConsoleFiles();
  if (!files.built) throw new ConfigError('console', `no built console in ${files.dir}: run npm run build`);
  const server = consoleServer(config.upstreams, files).listen(config.port, '0.0.0.0');
  const line = (msg: string, extra: Record<string, unknown> = {}) =>
    process.stdout.write(`${JSON.stringify({ level: 'info', time: new Date().toISOString(), service: 'console', msg, ...extra })}\n`);
  if (config.logLevel !== 'silent') line('console is up', { port: config.port, upstreams: config.upstreams });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

try {
  main();
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `console failed to start: ${(error as Error).stack}`}\n`);
  process.exit(1);
}
