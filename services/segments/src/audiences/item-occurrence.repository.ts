import { EntityManager } from 'typeorm';
import type { EventOccurrence } from '@cairn/segments-domain';
import { ITEM_PROPERTIES, itemValue } from './item-occurrences';

interface ItemRow {
  event: string;
  property: string;
  value: string;
  userId: string;
  lastAt: number;
}

/** Each user's latest occurrence per (event, item property, value), which audience queries read; every method is scoped to one workspace. */
export class ItemOccurrenceRepository {
  constructor(private readonly m: EntityManager) {}

  /** Records, set-based, each user's latest occurrence per (event, item property, value); replays change nothing. */
  async record(workspaceId: string, byUser: Array<{ userId: string; occurrences: EventOccurrence[] }>): Promise<void> {
    const rows = new Map<string, ItemRow>();
    for (const { userId, occurrences } of byUser) {
      for (const o of occurrences) {
        for (const property of ITEM_PROPERTIES) {
          const value = itemValue(o.properties[property]);
          if (value === undefined) continue;
          const key = JSON.stringify([o.name, property, value, userId]);
          const row = rows.get(key);
          if (!row) rows.set(key, { event: o.name, property, value, userId, lastAt: o.at });
          else row.lastAt = Math.max(row.lastAt, o.at);
        }
      }
    }
    if (rows.size === 0) return;
    const list = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
    await this.m.query(
      `INSERT INTO segments.item_occurrences (workspace_id, event, property, value, user_id, last_at)
       SELECT $1, e, p, v, u, a FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS r(e, p, v, u, a)
       ON CONFLICT (workspace_id, event, property, value, user_id)
       DO UPDATE SET last_at = GREATEST(segments.item_occurrences.last_at, EXCLUDED.last_at)`,
      [workspaceId, list.map((r) => r.event), list.map((r) => r.property), list.map((r) => r.value), list.map((r) => r.userId), list.map((r) => r.lastAt)],
    );
  }

  /** An identity merge: the linked identity's item occurrences become the user's. */
  async move(workspaceId: string, fromUserId: string, toUserId: string): Promise<void> {
    await this.m.query(
      `INSERT INTO segments.item_occurrences (workspace_id, event, property, value, user_id, last_at)
       SELECT workspace_id, event, property, value, $3, last_at FROM segments.item_occurrences WHERE workspace_id = $1 AND user_id = $2
       ON CONFLICT (workspace_id, event, property, value, user_id)
       DO UPDATE SET last_at = GREATEST(segments.item_occurrences.last_at, EXCLUDED.last_at)`,
      [workspaceId, fromUserId, toUserId],
    );
    await this.m.query(`DELETE FROM segments.item_occurrences WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, fromUserId]);
  }
}
