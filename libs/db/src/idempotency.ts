import { EntityManager } from 'typeorm';

/**
 * Claims processed-message keys inside the caller's transaction and returns
 * the ones that were new. A redelivered message's key is already there, so its
 * handling becomes a no-op; if the transaction rolls back, so do the claims.
 */
export async function claimNewKeys(manager: EntityManager, schema: string, consumer: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows: Array<{ key: string }> = await manager.query(
    `INSERT INTO ${schema}.processed_messages (consumer, key)
     SELECT $1, k FROM unnest($2::text[]) AS k
     ON CONFLICT DO NOTHING
     RETURNING key`,
    [consumer, [...new Set(keys)]],
  );
  return new Set(rows.map((r) => r.key));
}

/**
 * How long every deduplication record of the pipeline is kept: ingest's
 * accepted message ids and each consumer's processed-message keys. A client's
 * retry of the same messageId, or Kafka's redelivery of a message already
 * handled (a crash between the database commit and the offset commit), comes
 * within minutes; 48 hours covers both with a wide margin. A message sent
 * again, or replayed from older offsets, after the horizon is handled again.
 */
export const DEDUPE_HORIZON_MS = 48 * 60 * 60 * 1000;

/** Deletes processed keys older than the given age (they outlive any redelivery), 10,000 rows a statement; returns how many. */
export async function pruneProcessedKeys(manager: EntityManager, schema: string, olderThanMs: number = DEDUPE_HORIZON_MS, chunk = 10_000): Promise<number> {
  let total = 0;
  for (;;) {
    const rows: Array<{ n: string }> = await manager.query(
      `WITH gone AS (
         DELETE FROM ${schema}.processed_messages WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM ${schema}.processed_messages WHERE processed_at < now() - ($1::bigint * interval '1 millisecond') LIMIT $2))
         RETURNING 1)
       SELECT count(*) AS n FROM gone`,
      [olderThanMs, chunk],
    );
    const n = Number(rows[0].n);
    total += n;
    if (n < chunk) return total;
  }
}
