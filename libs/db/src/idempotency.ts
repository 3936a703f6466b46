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

/** Deletes processed keys older than the given age (they outlive any redelivery). */
export async function pruneProcessedKeys(manager: EntityManager, schema: string, olderThanMs: number): Promise<number> {
  const rows: Array<{ n: string }> = await manager.query(
    `WITH gone AS (DELETE FROM ${schema}.processed_messages WHERE processed_at < now() - ($1::bigint * interval '1 millisecond') RETURNING 1)
     SELECT count(*) AS n FROM gone`,
    [olderThanMs],
  );
  return Number(rows[0].n);
}
