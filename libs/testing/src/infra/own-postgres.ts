import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresBinDir, postgresRunner } from './tls-postgres';
import { freePort } from './util';

/** A Postgres server of the caller's own (its initdb folder and port) that can be shut down and started again. */
export interface OwnPostgres {
  /** Admin URL: `postgres://postgres@127.0.0.1:<port>/postgres`. */
  url: string;
  port: number;
  /** pg_ctl stop: `fast` (clients disconnected, a clean checkpoint) or `immediate` (a crash: recovery at the next start). */
  shutdown(mode: 'fast' | 'immediate'): void;
  /** Starts the server again on the same folder and port; resolves once it accepts connections. */
  start(): void;
  /** Stops the server (immediate) and deletes its folder. */
  stop(): Promise<void>;
}

/**
 * Starts a Postgres of its own (initdb and pg_ctl from the installed server
 * binaries, as tls-postgres.ts) on a free port, trust authentication on
 * 127.0.0.1, so a harness can stop it, crash it and start it again. By default
 * without fsync and with small buffers (a test server); `settings` are
 * postgresql.conf lines that override those (the last line of a name wins).
 */
export async function startOwnPostgres(options: { maxConnections?: number; settings?: string[] } = {}): Promise<OwnPostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'cairn-pg-own-'));
  chmodSync(dir, 0o755);
  const data = join(dir, 'data');
  const port = await freePort();
  const run = postgresRunner(dir);
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const conf = [
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${dir}'`,
    'fsync = off',
    `max_connections = ${options.maxConnections ?? 200}`,
    'shared_buffers = 64MB',
    ...(options.settings ?? []),
  ];
  writeFileSync(join(data, 'postgresql.auto.conf'), `${conf.join('\n')}\n`);
  const ctl = (args: string[]) => run(join(bin, 'pg_ctl'), ['-D', data, ...args]);
  const start = () => ctl(['-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    shutdown: (mode) => ctl(['-m', mode, '-w', '-t', '60', 'stop']),
    start,
    stop: async () => {
      try {
        ctl(['-m', 'immediate', '-w', 'stop']);
      } catch {
        /* not running */
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
