import { addToOutbox, OutgoingMessage } from '@cairn/kafka';
import { EntityManager } from 'typeorm';

export type Stream = 'events' | 'catalog';

export interface AcceptedMessage {
  messageId: string;
  message: OutgoingMessage;
}

/** Dedupe rows are kept at least this long; older ones are pruned. */
export const DEDUPE_RETENTION_MS = 48 * 60 * 60 * 1000;

/**
 * Claims the message ids of one request for a workspace and writes only the
 * new ones to the outbox, inside the caller's transaction. A repeat (also one
 * repeated within the same request) is skipped. Returns how many were new.
 */
export async function acceptNewMessages(
  manager: EntityManager,
  workspaceId: string,
  stream: Stream,
  receivedAt: Date,
  messages: AcceptedMessage[],
): Promise<number> {
  if (messages.length === 0) return 0;
  const ids = messages.map((m) => m.messageId);
  const rows: Array<{ message_id: string }> = await manager.query(
    `INSERT INTO events.accepted_messages (workspace_id, stream, message_id, received_at)
     SELECT $1, $2, id, $4 FROM unnest($3::text[]) AS id
     ON CONFLICT DO NOTHING
     RETURNING message_id`,
    [workspaceId, stream, ids, receivedAt.toISOString()],
  );
  const fresh = new Set(rows.map((r) => r.message_id));
  const toPublish = messages.filter((m) => fresh.delete(m.messageId));
  await addToOutbox(manager, 'events', toPublish.map((m) => m.message));
  return toPublish.length;
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
