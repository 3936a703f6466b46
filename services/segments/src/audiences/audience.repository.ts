import { EntityManager } from 'typeorm';

/** What one page of an audience asks, the window already resolved to epoch ms: `(from, to]`. */
export interface AudienceWindow {
  event: string;
  from: number;
  to: number;
  notFollowedBy?: string;
  after: string;
  /** Rows read at most (the caller asks one more than its page, to know whether another follows). */
  limit: number;
}

/** A user of an audience with their latest matching occurrence (epoch ms, as text). */
export interface AudienceRow {
  user_id: string;
  last_at: string;
}

/** The SQL of audience queries (see QueryAudienceUseCase for the two paths and their costs); every method is scoped to one workspace. */
export class AudienceRepository {
  constructor(private readonly m: EntityManager) {}

  /** Users by one item property, from `segments.item_occurrences`: a range of its primary key in user id order. */
  byItem(workspaceId: string, property: string, value: string, w: AudienceWindow): Promise<AudienceRow[]> {
    return this.m.query(
      `SELECT i.user_id, i.last_at FROM segments.item_occurrences i
       WHERE i.workspace_id = $1 AND i.event = $2 AND i.property = $3 AND i.value = $4 AND i.user_id > $5
         AND i.last_at > $6 AND i.last_at <= $7
         AND ($8::text IS NULL OR NOT EXISTS (
           SELECT 1 FROM segments.user_states s
           WHERE s.workspace_id = i.workspace_id AND s.user_id = i.user_id
             AND (s.state -> 'totals' -> $8::text ->> 'lastAt')::bigint > i.last_at))
       ORDER BY i.user_id LIMIT $9`,
      [workspaceId, w.event, property, value, w.after, w.from, w.to, w.notFollowedBy ?? null, w.limit],
    );
  }

  /** Users by any `where`, from the stored states: the GIN index finds the candidates, each one's retained history is scanned. */
  byStates(workspaceId: string, where: Record<string, string | number | boolean>, w: AudienceWindow): Promise<AudienceRow[]> {
    return this.m.query(
      `SELECT s.user_id, m.last_at
       FROM segments.user_states s
       CROSS JOIN LATERAL (
         SELECT max((e ->> 'at')::bigint) AS last_at FROM jsonb_array_elements(s.state -> 'events') e
         WHERE e @> $3::jsonb AND (e ->> 'at')::bigint > $4 AND (e ->> 'at')::bigint <= $5
       ) m
       WHERE s.workspace_id = $1 AND s.state -> 'events' @> $2::jsonb AND s.user_id > $6 AND m.last_at IS NOT NULL
         AND ($7::text IS NULL OR coalesce((s.state -> 'totals' -> $7::text ->> 'lastAt')::bigint, 0) <= m.last_at)
       ORDER BY s.user_id LIMIT $8`,
      [
        workspaceId,
        JSON.stringify([{ name: w.event, properties: where }]),
        JSON.stringify({ name: w.event, properties: where }),
        w.from,
        w.to,
        w.after,
        w.notFollowedBy ?? null,
        w.limit,
      ],
    );
  }
}
