import { DEDUPE_HORIZON_MS } from '@cairn/db';
import { OutgoingMessage, outboxColumns } from '@cairn/kafka';
import { EntityManager } from 'typeorm';

export type Stream = 'events' | 'catalog';

export interface AcceptedMessage {
  messageId: string;
  message: OutgoingMessage;
}

/** Dedupe rows are kept at least this long (the pipeline's one dedupe horizon); older ones are pruned. */
export const DEDUPE_RETENTION_MS = DEDUPE_HORIZON_MS;

/** The messages of one request: its workspace, stream and time of arrival. */
export interface AcceptanceRequest {
  workspaceId: string;
  stream: Stream;
  receivedAt: Date;
  messages: AcceptedMessage[];
}

/** The ids of accepted messages (dedupe per workspace and stream) and the outbox rows of the new ones. */
export class AcceptedMessageRepository {
  constructor(private readonly m: EntityManager) {}

  /**
   * Claims the message ids of one or more requests and writes only the new
   * messages to the outbox, in the order given (requests in order, each in its
   * own order), in ONE statement (so one round trip and atomic by itself: all
   * inserts commit together or not at all). A repeat (also one repeated within
   * the same requests, whose first occurrence wins) is skipped. Returns, per
   * request, how many of its messages were new.
   *
   * Across workspaces: each request names its workspace, and group commit
   * writes the requests of several workspaces in one statement.
   */
  async acceptNew(requests: AcceptanceRequest[]): Promise<number[]> {
    const cols = requestColumns(requests);
    if (cols.messageIds.length === 0) return requests.map(() => 0);
    const rows: Array<{ req: number; n: number }> = await this.m.query(
      `WITH input AS (
         SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::bytea[], $9::jsonb[])
           WITH ORDINALITY AS i(req, workspace_id, stream, received_at, message_id, topic, key, value, headers, ord)),
       claimed AS (
         INSERT INTO events.accepted_messages (workspace_id, stream, message_id, received_at)
         SELECT workspace_id, stream, message_id, received_at FROM input
         ON CONFLICT DO NOTHING
         RETURNING workspace_id, stream, message_id),
       fresh AS (
         SELECT DISTINCT ON (input.workspace_id, input.stream, input.message_id) input.*
         FROM input JOIN claimed USING (workspace_id, stream, message_id)
         ORDER BY input.workspace_id, input.stream, input.message_id, input.ord),
       written AS (
         INSERT INTO events.outbox (topic, key, value, headers)
         SELECT topic, key, value, headers FROM fresh ORDER BY ord
         RETURNING 1)
       SELECT req, count(*)::int AS n FROM fresh GROUP BY req`,
      [cols.req, cols.workspaceIds, cols.streams, cols.receivedAts, cols.messageIds, ...outboxColumns(cols.messages)],
    );
    const counts = requests.map(() => 0);
    for (const row of rows) counts[row.req] = row.n;
    return counts;
  }

  /**
   * Deletes one chunk of dedupe rows received before the cut-off; returns how many went.
   * Across workspaces: housekeeping of the whole table, by age only.
   */
  async pruneReceivedBefore(before: Date, chunk = 10_000): Promise<number> {
    const rows: Array<{ n: string }> = await this.m.query(
      `WITH gone AS (
         DELETE FROM events.accepted_messages
         WHERE ctid IN (SELECT ctid FROM events.accepted_messages WHERE received_at < $1 LIMIT $2)
         RETURNING 1)
       SELECT count(*) AS n FROM gone`,
      [before.toISOString(), chunk],
    );
    return Number(rows[0].n);
  }
}

/** The per-message columns of requests, flattened in order; `req` is each message's request index. */
function requestColumns(requests: AcceptanceRequest[]) {
  const cols = {
    req: [] as number[],
    workspaceIds: [] as string[],
    streams: [] as string[],
    receivedAts: [] as string[],
    messageIds: [] as string[],
    messages: [] as OutgoingMessage[],
  };
  requests.forEach((r, index) => {
    const receivedAt = r.receivedAt.toISOString();
    for (const m of r.messages) {
      cols.req.push(index);
      cols.workspaceIds.push(r.workspaceId);
      cols.streams.push(r.stream);
      cols.receivedAts.push(receivedAt);
      cols.messageIds.push(m.messageId);
      cols.messages.push(m.message);
    }
  });
  return cols;
}
