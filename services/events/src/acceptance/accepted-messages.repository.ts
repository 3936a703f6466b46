import { OutgoingMessage, outboxColumns } from '@cairn/kafka';
import { EntityManager } from 'typeorm';

export type Stream = 'events' | 'catalog';

export interface AcceptedMessage {
  messageId: string;
  message: OutgoingMessage;
}

/** Dedupe rows are kept at least this long; older ones are pruned. */
export const DEDUPE_RETENTION_MS = 48 * 60 * 60 * 1000;

/** Runs SQL: a DataSource (its own implicit transaction per statement) or a transaction's EntityManager. */
export type Queryable = Pick<EntityManager, 'query'>;

/**
 * Claims the message ids of one request for a workspace and writes only the
 * new ones to the outbox, in request order, in ONE statement (so one round
 * trip and atomic by itself: both inserts commit together or not at all).
 * A repeat (also one repeated within the same request, whose first occurrence
 * wins) is skipped. Returns how many were new.
 */
export async function acceptNewMessages(
  db: Queryable,
  workspaceId: string,
  stream: Stream,
  receivedAt: Date,
  messages: AcceptedMessage[],
): Promise<number> {
  if (messages.length === 0) return 0;
  const rows: Array<{ n: number }> = await db.query(
    `WITH input AS (
       SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::bytea[], $7::jsonb[])
         WITH ORDINALITY AS i(message_id, topic, key, value, headers, ord)),
     claimed AS (
       INSERT INTO events.accepted_messages (workspace_id, stream, message_id, received_at)
       SELECT $1, $2, message_id, $8 FROM input
       ON CONFLICT DO NOTHING
       RETURNING message_id),
     fresh AS (
       SELECT DISTINCT ON (input.message_id) input.* FROM input JOIN claimed USING (message_id)
       ORDER BY input.message_id, input.ord),
     written AS (
       INSERT INTO events.outbox (topic, key, value, headers)
       SELECT topic, key, value, headers FROM fresh ORDER BY ord
       RETURNING 1)
     SELECT count(*)::int AS n FROM written`,
    [workspaceId, stream, messages.map((m) => m.messageId), ...outboxColumns(messages.map((m) => m.message)), receivedAt.toISOString()],
  );
  return rows[0].n;
}

/** Deletes dedupe rows received before the cut-off, in bounded chunks. Returns how many went. */
export async function pruneAcceptedMessages(manager: EntityManager, before: Date, chunk = 10_000): Promise<number> {
  const rows: Array<{ n: string }> = await manager.query(
    `WITH gone AS (
       DELETE FROM events.accepted_messages
       WHERE ctid IN (SELECT ctid FROM events.accepted_messages WHERE received_at < $1 LIMIT $2)
       RETURNING 1)
     SELECT count(*) AS n FROM gone`,
    [before.toISOString(), chunk],
  );
  return Number(rows[0].n);
}
