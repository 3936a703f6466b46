-- Audience query on 100,000 users (README, "Audience queries").
-- Run on an empty database the segments service has migrated:
--   psql "$DATABASE_URL" -f services/segments/bench/audience-100k.sql
-- "now" is 2026-11-02T10:00:00Z = 1793613600000 ms; within 30d starts at 1791021600000.
\timing on
INSERT INTO segments.user_states (workspace_id, user_id, state, updated_at)
SELECT 'dev', 'user-' || lpad(u.g::text, 6, '0'), jsonb_build_object('traits', '{}'::jsonb, 'events', ev.events, 'totals', ev.totals), now()
FROM generate_series(1, 100000) AS u(g)
CROSS JOIN LATERAL (
  WITH e AS (
    SELECT name, at, CASE WHEN name IN ('Product Viewed', 'Product Added') THEN jsonb_build_object('productId', 'P-' || floor(random() * 1000)::int) ELSE '{}'::jsonb END AS props
    FROM (
      SELECT CASE WHEN r < 0.6 THEN 'Product Viewed' WHEN r < 0.8 THEN 'Product Added' WHEN r < 0.9 THEN 'Order Completed' ELSE 'Signed In' END AS name,
             1793613600000 - (random() * 60 * 86400000)::bigint AS at
      FROM (SELECT random() AS r FROM generate_series(1, 20 + u.g * 0)) x -- u.g * 0: one draw per user
    ) y
    UNION ALL
    SELECT 'Product Added', 1793613600000 - (random() * 40 * 86400000)::bigint + u.g * 0, '{"productId":"P-FLAG"}'::jsonb
  )
  SELECT jsonb_agg(jsonb_build_object('name', name, 'at', at, 'properties', props) ORDER BY at) AS events,
         (SELECT jsonb_object_agg(name, jsonb_build_object('count', c, 'firstAt', f, 'lastAt', l))
            FROM (SELECT name, count(*) AS c, min(at) AS f, max(at) AS l FROM e GROUP BY name) t) AS totals
  FROM e
) ev;
-- What ingest maintains (the same statement as the migration's fill).
INSERT INTO segments.item_occurrences (workspace_id, event, property, value, user_id, last_at)
SELECT s.workspace_id, e ->> 'name', p.key, p.value #>> '{}', s.user_id, max((e ->> 'at')::bigint)
FROM segments.user_states s
CROSS JOIN LATERAL jsonb_array_elements(s.state -> 'events') AS e
CROSS JOIN LATERAL jsonb_each(e -> 'properties') AS p
WHERE p.key IN ('productId', 'sku', 'itemId', 'variantId') AND jsonb_typeof(p.value) IN ('string', 'number')
GROUP BY 1, 2, 3, 4, 5;
ANALYZE segments.user_states;
ANALYZE segments.item_occurrences;

-- The item path (query-audience.usecase.ts, byItem): first page of 1,000 of the popular item.
EXPLAIN (ANALYZE, BUFFERS)
SELECT i.user_id, i.last_at FROM segments.item_occurrences i
WHERE i.workspace_id = 'dev' AND i.event = 'Product Added' AND i.property = 'productId' AND i.value = 'P-FLAG' AND i.user_id > ''
  AND i.last_at > 1791021600000 AND i.last_at <= 1793613600000
  AND NOT EXISTS (SELECT 1 FROM segments.user_states s WHERE s.workspace_id = i.workspace_id AND s.user_id = i.user_id
                    AND (s.state -> 'totals' -> 'Order Completed' ->> 'lastAt')::bigint > i.last_at)
ORDER BY i.user_id LIMIT 1001;

-- The fallback (byStates): GIN candidates, each one's latest matching occurrence from its history.
EXPLAIN (ANALYZE, BUFFERS)
SELECT s.user_id, m.last_at FROM segments.user_states s
CROSS JOIN LATERAL (
  SELECT max((e ->> 'at')::bigint) AS last_at FROM jsonb_array_elements(s.state -> 'events') e
  WHERE e @> '{"name":"Product Added","properties":{"productId":"P-FLAG"}}' AND (e ->> 'at')::bigint > 1791021600000 AND (e ->> 'at')::bigint <= 1793613600000
) m
WHERE s.workspace_id = 'dev' AND s.state -> 'events' @> '[{"name":"Product Added","properties":{"productId":"P-FLAG"}}]' AND s.user_id > ''
  AND m.last_at IS NOT NULL AND coalesce((s.state -> 'totals' -> 'Order Completed' ->> 'lastAt')::bigint, 0) <= m.last_at
ORDER BY s.user_id LIMIT 1001;
