import { createDataSource } from '@cairn/db';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { runWorkers } from './measure';

/**
 * B2: `COPY` of rows shaped like the events service's dedupe rows into the
 * same table (events.accepted_messages, migrated by the events service), in
 * chunks of `chunk` rows per COPY. Returns rows/s. The rows are removed afterwards.
 */
export async function copyRows(databaseUrl: string, count: number, chunk = 10_000): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const at = new Date().toISOString();
    const started = performance.now();
    for (let offset = 0; offset < count; offset += chunk) {
      const n = Math.min(chunk, count - offset);
      const lines = Array.from({ length: n }, (_, i) => `bench-copy\ttrack\tcopy-${offset + i}\t${at}\n`);
      const stream = client.query(copyFrom('COPY events.accepted_messages (workspace_id, stream, message_id, received_at) FROM STDIN'));
      await pipeline(Readable.from([lines.join('')]), stream);
    }
    const ms = performance.now() - started;
    await client.query(`DELETE FROM events.accepted_messages WHERE workspace_id = 'bench-copy'`);
    return (count * 1000) / ms;
  } finally {
    await client.end();
  }
}

/** B3: `SELECT 1` round trips per second over a TypeORM pool configured like a service's (10 connections). */
export async function selectOne(databaseUrl: string, durationMs: number, concurrency: number): Promise<{ perSecond: number; p50Ms: number }> {
  const dataSource = await createDataSource({ url: databaseUrl, schema: 'bench', migrations: [], applicationName: 'cairn-bench' });
  try {
    await runWorkers(concurrency, concurrency * 20, async () => void (await dataSource.query('SELECT 1')));
    const deadline = performance.now() + durationMs;
    let done = 0;
    const samples: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          const t = performance.now();
          await dataSource.query('SELECT 1');
          if (done++ % 10 === 0) samples.push(performance.now() - t);
        }
      }),
    );
    samples.sort((a, b) => a - b);
    return { perSecond: (done * 1000) / (performance.now() - started), p50Ms: samples[Math.floor(samples.length / 2)] };
  } finally {
    await dataSource.destroy();
  }
}
