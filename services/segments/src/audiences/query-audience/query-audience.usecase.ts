import { CLOCK, Clock } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AudienceRepository, AudienceWindow } from '../audience.repository';
import { ITEM_PROPERTIES, itemValue } from '../item-occurrences';
import { QueryAudienceCommand } from './query-audience.command';

export interface AudiencePage {
  users: Array<{ userId: string; lastAt: string }>;
  /** Pass as `after` for the next page; null on the last. */
  next: string | null;
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
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(c: QueryAudienceCommand): Promise<AudiencePage> {
    const now = this.clock.now().getTime();
    const keys = Object.keys(c.where);
    const value = keys.length === 1 && ITEM_PROPERTIES.includes(keys[0]) ? itemValue(c.where[keys[0]]) : undefined;
    const audience = new AudienceRepository(this.dataSource.manager);
    const window: AudienceWindow = {
      event: c.event,
      from: now - c.withinMs,
      to: now,
      notFollowedBy: c.notFollowedBy,
      after: c.after ?? '',
      limit: c.limit + 1,
    };
    const rows = value === undefined ? await audience.byStates(c.workspaceId, c.where, window) : await audience.byItem(c.workspaceId, keys[0], value, window);
    const page = rows.slice(0, c.limit);
    return {
      users: page.map((r) => ({ userId: r.user_id, lastAt: new Date(Number(r.last_at)).toISOString() })),
      next: rows.length > c.limit ? page[page.length - 1].user_id : null,
    };
  }
}
