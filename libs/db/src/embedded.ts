import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

/**
 * Embedded Postgres (PGlite, Postgres compiled to WebAssembly) for the
 * all-in-one mode when DATABASE_URL is unset: same SQL, same migrations.
 *
 * PGlite is one session. TypeORM expects a pg Pool, so this file offers one
 * whose connections are handed out one at a time: a transaction holds the
 * single session until it is released, and the statements of two
 * transactions never interleave. Results are shaped like pg's (rows,
 * rowCount, command; int8 and numeric as strings, bytea as Buffer) so the
 * services' SQL behaves the same on both.
 *
 * Consequence: code must not open a second connection while it holds one
 * (that would wait forever); use the transaction's EntityManager inside it.
 */
interface PgliteResult {
  rows: unknown[];
  affectedRows?: number;
  fields: unknown[];
}

interface PgliteDb {
  query(sql: string, params?: unknown[]): Promise<PgliteResult>;
  exec(sql: string): Promise<PgliteResult[]>;
  close(): Promise<void>;
}

interface Shared {
  db: PgliteDb;
  lock: Mutex;
  users: number;
}

class Mutex {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => next);
    return previous.then(() => release);
  }
}

const TYPE = { bytea: 17, int8: 20, numeric: 1700 };
const instances = new Map<string, Promise<Shared>>();

/**
 * postgresql.conf of the embedded database (PGlite writes it at every start). The settings initdb chose, but
 * 16 MB of shared buffers instead of 128 MB and smaller sort and maintenance memory: the whole database
 * lives in the process's WebAssembly memory, which never shrinks, and the all-in-one's data is small.
 */
const EMBEDDED_CONF = [
  'max_connections = 100',
  'shared_buffers = 16MB',
  'wal_buffers = 512kB',
  'work_mem = 2MB',
  'maintenance_work_mem = 16MB',
  'temp_buffers = 4MB',
  'dynamic_shared_memory_type = posix',
  'max_wal_size = 256MB',
  'min_wal_size = 32MB',
  'log_timezone = UTC',
  "datestyle = 'iso, mdy'",
  'timezone = UTC',
  "lc_messages = 'C'",
  "lc_monetary = 'C'",
  "lc_numeric = 'C'",
  "lc_time = 'C'",
  "default_text_search_config = 'pg_catalog.english'",
];

/**
 * Creates the data folder's database in a short-lived process of its own: initdb in WebAssembly peaks near
 * 1 GiB, and memory a process once used stays with it, so the service process only ever opens an existing one.
 */
async function initializeInChildProcess(dataDir: string): Promise<void> {
  const script = `require(${JSON.stringify(require.resolve('@electric-sql/pglite'))}).PGlite.create({ dataDir: process.argv[1] })
    .then((db) => db.close()).catch((e) => { console.error(e && e.stack || e); process.exit(1); });`;
  const child = spawn(process.execPath, [...process.execArgv, '-e', script, dataDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`creating the embedded database in ${dataDir} failed: ${stderr.slice(-1000)}`);
}

async function openShared(dataDir: string): Promise<Shared> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (!dataDir.startsWith('memory://')) {
    mkdirSync(dataDir, { recursive: true });
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await initializeInChildProcess(dataDir);
  }
  const db = (await PGlite.create({
    dataDir,
    postgresqlconf: EMBEDDED_CONF,
    parsers: {
      [TYPE.int8]: (v: string) => v,
      [TYPE.numeric]: (v: string) => v,
      [TYPE.bytea]: (v: string) => Buffer.from(v.startsWith('\\x') ? v.slice(2) : v, 'hex'),
    },
  })) as unknown as PgliteDb;
  return { db, lock: new Mutex(), users: 0 };
}

function commandOf(sql: string): string {
  const words = sql
    .replace(/--[^\n]*\n/g, ' ')
    .trim()
    .match(/^\w+/);
  return words ? words[0].toUpperCase() : '';
}

type Callback = (error: Error | null, result?: unknown) => void;

class EmbeddedClient extends EventEmitter {
  constructor(private readonly db: PgliteDb) {
    super();
  }

  async query(text: string | { text: string; values?: unknown[] }, params?: unknown[] | Callback, callback?: Callback): Promise<unknown> {
    const sql = typeof text === 'string' ? text : text.text;
    const values = Array.isArray(params) ? params : typeof text === 'object' ? text.values : undefined;
    const cb = typeof params === 'function' ? params : callback;
    try {
      const raw = values && values.length > 0 ? await this.db.query(sql, values) : ((await this.db.exec(sql)).at(-1) ?? { rows: [], fields: [] });
      const result = { rows: raw.rows, rowCount: raw.affectedRows ?? raw.rows.length, command: commandOf(sql), fields: raw.fields };
      cb?.(null, result);
      return result;
    } catch (error) {
      cb?.(error as Error);
      throw error;
    }
  }

  release(): void {}
}

function poolFor(dataDir: string): new () => EventEmitter {
  return class EmbeddedPool extends EventEmitter {
    private shared = instances.get(dataDir)!;

    connect(callback: (error: Error | null, client?: EmbeddedClient, release?: () => void) => void): void {
      this.shared
        .then(async (shared) => {
          const unlock = await shared.lock.acquire();
          let released = false;
          callback(null, new EmbeddedClient(shared.db), () => {
            if (released) return;
            released = true;
            unlock();
          });
        })
        .catch((error: Error) => callback(error));
    }

    async query(text: string, params?: unknown[], callback?: Callback): Promise<unknown> {
      const shared = await this.shared;
      const unlock = await shared.lock.acquire();
      try {
        return await new EmbeddedClient(shared.db).query(text, params, callback);
      } finally {
        unlock();
      }
    }

    end(callback?: (error: Error | null) => void): void {
      this.shared
        .then(async (shared) => {
          shared.users--;
          if (shared.users === 0) {
            instances.delete(dataDir);
            await shared.db.close();
          }
        })
        .then(
          () => callback?.(null),
          (error: Error) => callback?.(error),
        );
    }
  };
}

/** A DataSource on the process's embedded Postgres in dataDir (or in memory with `memory://`). */
export async function createEmbeddedDataSource(common: object, dataDir = 'memory://'): Promise<DataSource> {
  if (!instances.has(dataDir)) instances.set(dataDir, openShared(dataDir));
  const shared = await instances.get(dataDir)!;
  shared.users++;
  return new DataSource({ ...(common as { type: 'postgres' }), driver: { Pool: poolFor(dataDir) } });
}
