import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { ITEM_PROPERTIES, itemValue } from '../item-occurrences';
import { QueryAudienceCommand } from './query-audience.command';

export interface AudiencePage {
  users: Array<{ userId: string; lastAt: string }>;
  /** Pass as `after` for the next page; null on the last. */
  next: string | null;
}

interface Row {
  user_id: string;
  last_at: string;
}

/**
 * One page of an item audience, in user id order, computed in Postgres.
 *
 * - `where` names one item property (`productId`, `sku`, `itemId`,
 *   `variantId`): read from `segments.item_occurrences`, a range of its
 *   primary key in user id order (the page stops after `limit` users): the
 *   user's latest occurrence of the event with that item must lie in
 *   `(now - within, now]`, and the `notFollowedBy` event's lifetime last
 *   occurrence must not be later than it. Cost grows with the page, not with
 *   the audience or the workspace (README: measured on 100,000 users).
 * - any other `where`: the GIN index over stored occurrences finds the
 *   candidates, then each one's latest matching occurrence is computed from
 *   its retained history (events no segment references are kept 30 days);
 *   cost grows with the number of candidates.
 */
@Injectable()
export class QueryAudienceUseCase {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  async execute(c: QueryAudienceCommand): Promise<AudiencePage> {
    const now = this.platform.clock.now().getTime();
    const keys = Object.keys(c.where);
    const value = keys.length === 1 && ITEM_PROPERTIES.includes(keys[0]) ? itemValue(c.where[keys[0]]) : undefined;
    const rows = value === undefined ? await this.byStates(c, now) : await this.byItem(c, keys[0], value, now);
    const page = rows.slice(0, c.limit);
    return {
      users: page.map((r) => ({ userId: r.user_id, lastAt: new Date(Number(r.last_at)).toISOString() })),
      next: rows.length > c.limit ? page[page.length - 1].user_id : null,
    };
  }

  private byItem(c: QueryAudienceCommand, property: string, value: string, now: number): Promise<Row[]> {
    return this.platform.dataSource.query(
      `SELECT i.user_id, i.last_at FROM segments.item_occurrences i
       WHERE i.workspace_id = $1 AND i.event = $2 AND i.property = $3 AND i.value = $4 AND i.user_id > $5
         AND i.last_at > $6 AND i.last_at <= $7
         AND ($8::text IS NULL OR NOT EXISTS (
           SELECT 1 FROM segments.user_states s
           WHERE s.workspace_id = i.workspace_id AND s.user_id = i.user_id
             AND (s.state -> 'totals' -> $8::text ->> 'lastAt')::bigint > i.last_at))
       ORDER BY i.user_id LIMIT $9`,
      [c.workspaceId, c.event, property, value, c.after ?? '', now - c.withinMs, now, c.notFollowedBy ?? null, c.limit + 1],
    );
  }

  private byStates(c: QueryAudienceCommand, now: number): Promise<Row[]> {
    return this.platform.dataSource.query(
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
  }
}
