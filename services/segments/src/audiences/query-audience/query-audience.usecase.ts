import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { QueryAudienceCommand } from './query-audience.command';

export interface AudiencePage {
  users: Array<{ userId: string; lastAt: string }>;
  /** Pass as `after` for the next page; null on the last. */
  next: string | null;
}

/**
 * One page of an item audience, in user id order, computed in Postgres: the
 * GIN index on the stored occurrences finds the users who did the event with
 * these properties, then each candidate's latest matching occurrence must lie
 * in `(now - within, now]` and the `notFollowedBy` event's lifetime last
 * occurrence must not be later than it. Only retained history counts: events
 * no segment references are kept 30 days.
 */
@Injectable()
export class QueryAudienceUseCase {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  async execute(c: QueryAudienceCommand): Promise<AudiencePage> {
    const now = this.platform.clock.now().getTime();
    const rows: Array<{ user_id: string; last_at: string }> = await this.platform.dataSource.query(
      `SELECT user_id, last_at FROM (
         SELECT s.user_id, s.state, (
           SELECT max((e ->> 'at')::bigint) FROM jsonb_array_elements(s.state -> 'events') e
           WHERE e @> $3::jsonb AND (e ->> 'at')::bigint > $4 AND (e ->> 'at')::bigint <= $5
         ) AS last_at
         FROM segments.user_states s
         WHERE s.workspace_id = $1 AND s.state -> 'events' @> $2::jsonb AND s.user_id > $6
       ) c
       WHERE last_at IS NOT NULL
         AND ($7::text IS NULL OR coalesce((state -> 'totals' -> $7::text ->> 'lastAt')::bigint, 0) <= last_at)
       ORDER BY user_id LIMIT $8`,
      [
        c.workspaceId,
        JSON.stringify([{ name: c.event, properties: c.where }]),
        JSON.stringify({ name: c.event, properties: c.where }),
        now - c.withinMs,
        now,
        c.after ?? '',
        c.notFollowedBy ?? null,
        c.limit + 1,
      ],
    );
    const page = rows.slice(0, c.limit);
    return {
      users: page.map((r) => ({ userId: r.user_id, lastAt: new Date(Number(r.last_at)).toISOString() })),
      next: rows.length > c.limit ? page[page.length - 1].user_id : null,
    };
  }
}
