import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/** postgresql.conf lines that load pg_stat_statements into the bench's own Postgres (`--pg-statements`). */
export const PG_STATEMENTS_SETTINGS = [
  "shared_preload_libraries = 'pg_stat_statements'",
  'pg_stat_statements.max = 10000',
  'pg_stat_statements.track = top',
  'pg_stat_statements.track_planning = on',
];

/**
 * postgresql.conf lines that also load auto_explain (`--auto-explain [MS]`): the plan of every top-level statement
 * slower than `minMs`, with actual rows, times and buffers, goes to `dir/plans.log` (made writable by the server,
 * which runs as `postgres` when the bench runs as root). EXPLAIN ANALYZE timing slows every statement: a profile aid.
 */
export function autoExplainSettings(minMs: number, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o777);
  return [
    ...PG_STATEMENTS_SETTINGS,
    "shared_preload_libraries = 'pg_stat_statements,auto_explain'",
    `auto_explain.log_min_duration = ${minMs}`,
    'auto_explain.log_analyze = on',
    'auto_explain.log_buffers = on',
    'logging_collector = on',
    `log_directory = '${dir}'`,
    "log_filename = 'plans.log'",
  ];
}

interface StatementRow {
  database: string;
  calls: string;
  total_ms: number;
  plan_ms: number;
  mean_ms: number;
  rows: string;
  query: string;
}

/**
 * Per phase, the statements of the bench's own Postgres by its own account (pg_stat_statements): reset before a
 * phase, written after it to `<dir>/<phase>.md` (the 40 that took the most execution time, with planning time, calls and rows). A profile
 * aid, like `--cpu-prof`: it costs a little, so figures of such a run are not the ones to report.
 */
export class PgStatements {
  private constructor(
    private readonly client: Client,
    private readonly dir: string,
  ) {}

  static async start(databaseUrl: string, dir: string): Promise<PgStatements> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    } catch (error) {
      await client.end();
      throw new Error(`pg_stat_statements is not loaded in this Postgres (${(error as Error).message})`);
    }
    mkdirSync(dir, { recursive: true });
    return new PgStatements(client, dir);
  }

  async reset(): Promise<void> {
    await this.client.query('SELECT pg_stat_statements_reset()');
  }

  /** Writes the phase's statements and returns the file written. */
  async write(phase: string): Promise<string> {
    // Every database of the bench's own Postgres is the run's (the end-to-end stack has one of its own).
    const from = 'pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid';
    const [totals] = (
      await this.client.query<{ calls: string; total_ms: number; plan_ms: number; statements: string }>(
        `SELECT coalesce(sum(calls), 0)::bigint AS calls, coalesce(sum(total_exec_time), 0)::float8 AS total_ms,
                coalesce(sum(total_plan_time), 0)::float8 AS plan_ms, count(*)::bigint AS statements
         FROM ${from}`,
      )
    ).rows;
    const { rows } = await this.client.query<StatementRow>(
      `SELECT d.datname AS database, calls::bigint, total_exec_time::float8 AS total_ms, total_plan_time::float8 AS plan_ms, mean_exec_time::float8 AS mean_ms, rows::bigint, query
       FROM ${from} ORDER BY total_exec_time DESC LIMIT 40`,
    );
    const total = totals.total_ms || 1;
    const file = join(this.dir, `${phase}.md`);
    writeFileSync(
      file,
      [
        `# Statements of the phase ${phase}`,
        '',
        `${totals.calls} calls of ${totals.statements} distinct statements, ${Math.round(totals.total_ms)} ms of execution and ${Math.round(totals.plan_ms)} ms of planning in all (execution includes lock waits).`,
        '',
        '| share | total ms | plan ms | calls | mean ms | rows | database | statement |',
        '|---|---|---|---|---|---|---|---|',
        ...rows.map(
          (r) =>
            `| ${((100 * r.total_ms) / total).toFixed(1)} % | ${Math.round(r.total_ms)} | ${Math.round(r.plan_ms)} | ${r.calls} | ${r.mean_ms.toFixed(3)} | ${r.rows} | ${r.database} | \`${r.query.replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, 300)}\` |`,
        ),
        '',
      ].join('\n'),
    );
    return file;
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
