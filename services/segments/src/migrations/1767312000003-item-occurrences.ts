import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audience queries without scanning user states: per (workspace, event name,
 * item property, value, user) the latest occurrence, for the item properties
 * listed in `audiences/item-occurrences.ts`. The primary key serves a page
 * of one item's audience in user id order; the second index moves a user's
 * rows when an identity is merged. Filled from the stored states on the way up.
 */
export class ItemOccurrences1767312000003 implements MigrationInterface {
  name = 'ItemOccurrences1767312000003';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE segments.item_occurrences (
        workspace_id text NOT NULL,
        event text NOT NULL,
        property text NOT NULL,
        value text NOT NULL,
        user_id text NOT NULL,
        last_at bigint NOT NULL,
        PRIMARY KEY (workspace_id, event, property, value, user_id)
      )`);
    await runner.query(`CREATE INDEX item_occurrences_user ON segments.item_occurrences (workspace_id, user_id)`);
    // Event, property and value are correlated: without these statistics the planner under-estimates a popular
    // item's rows and sorts the whole audience instead of reading the key in user id order (README, measured).
    await runner.query(`CREATE STATISTICS segments.item_occurrences_item (dependencies, mcv) ON event, property, value FROM segments.item_occurrences`);
    await runner.query(`
      INSERT INTO segments.item_occurrences (workspace_id, event, property, value, user_id, last_at)
      SELECT s.workspace_id, e ->> 'name', p.key, p.value #>> '{}', s.user_id, max((e ->> 'at')::bigint)
      FROM segments.user_states s
      CROSS JOIN LATERAL jsonb_array_elements(s.state -> 'events') AS e
      CROSS JOIN LATERAL jsonb_each(e -> 'properties') AS p
      WHERE p.key IN ('productId', 'sku', 'itemId', 'variantId') AND jsonb_typeof(p.value) IN ('string', 'number')
      GROUP BY 1, 2, 3, 4, 5`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE segments.item_occurrences`);
  }
}
