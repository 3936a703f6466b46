import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestCa } from './certs';
import { freePort } from './util';

/** A Postgres server of one test file with ssl=on, reachable only over TLS on 127.0.0.1. */
export interface TlsPostgres {
  /** Admin URL (user postgres, database postgres) with sslmode=verify-full and the CA file: `postgres://postgres@127.0.0.1:<port>/postgres?sslmode=verify-full&sslrootcert=…`. */
  url: string;
  port: number;
  /** The CA that signed the server certificate (issued for 127.0.0.1 only). */
  caFile: string;
  stop(): Promise<void>;
}

/** The newest installed server binaries (initdb, pg_ctl): Debian's /usr/lib/postgresql/<version>/bin, else `pg_config --bindir`. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length > 0) return join(root, versions[0], 'bin');
  try {
    return execFileSync('pg_config', ['--bindir']).toString().trim();
  } catch {
    throw new Error('no Postgres server binaries (initdb, pg_ctl) found: install the postgresql server package');
  }
}

/** initdb refuses to run as root: as root, the server's files belong to the `postgres` user and its commands run as it (runuser). */
export function postgresRunner(dir: string): (bin: string, args: string[]) => void {
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('chown', ['-R', 'postgres:', dir]);
  return (bin, args) => {
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
    try {
      execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
    } catch (e) {
      throw new Error(`${bin} ${args[0]} failed: ${String((e as { stderr?: Buffer }).stderr ?? (e as Error).message)}`);
    }
  };
}

/**
 * Starts a Postgres of its own (initdb and pg_ctl from the installed server
 * binaries) on a free port and a temporary data folder, with ssl=on and a
 * certificate made for the test; plain TCP connections are rejected.
 */
export async function startTlsPostgres(): Promise<TlsPostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'cairn-pg-tls-'));
  chmodSync(dir, 0o755);
  const ca = createTestCa('Cairn test Postgres CA', dir);
  const server = ca.issue('server', { hosts: ['127.0.0.1'] });
  chmodSync(server.keyFile, 0o600);
  const data = join(dir, 'data');
  const port = await freePort();
  const run = postgresRunner(dir);
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  writeFileSync(join(data, 'pg_hba.conf'), ['local all all trust', 'hostssl all all 127.0.0.1/32 trust', 'host all all 0.0.0.0/0 reject', ''].join('\n'));
  const conf = [
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${dir}'`,
    'ssl = on',
    `ssl_cert_file = '${server.certFile}'`,
    `ssl_key_file = '${server.keyFile}'`,
    'fsync = off',
    'max_connections = 50',
    'shared_buffers = 32MB',
  ];
  writeFileSync(join(data, 'postgresql.auto.conf'), `${conf.join('\n')}\n`);
  run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=verify-full&sslrootcert=${encodeURIComponent(ca.caFile)}`,
    port,
    caFile: ca.caFile,
    stop: async () => {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
