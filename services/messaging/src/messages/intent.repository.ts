import { MessageRequest, messageOutcomeKey, MessageStatus, TOPICS } from '@cairn/contracts';
import { childSpan, formatTraceparent } from '@cairn/observability';
import { EntityManager } from 'typeorm';
import { ContentChannel, MessageContent, SentRecord } from '@cairn/messaging-domain';
import { IntentFallback, IntentRow, outcomeOf, SendIntent, toIntent } from './intent';

/** Statuses whose sends count against caps: reserved, sent, and sent with a receipt since. */
export const COUNTED_STATUSES: readonly MessageStatus[] = ['SENDING', 'SENT', 'DELIVERED', 'BOUNCED', 'OPENED', 'CLICKED', 'COMPLAINED'];

/** A request as recorded: a message request, and for a broadcast or an API send what made it. */
export type RecordedRequest = MessageRequest & { broadcastId?: string; fingerprint?: string };

export interface IntentUpdate {
  status: MessageStatus;
  reason?: string | null;
  content?: MessageContent;
  countedAt?: Date | null;
  sentAt?: Date;
  deferredUntil?: Date | null;
  /** For SENDING: when the send may be claimed again (a delivery lease or a retry backoff). */
  retryAt?: Date | null;
  /** The content kind of the template the intent was rendered from. */
  contentChannel?: ContentChannel;
  /** The fallback as it is now (named, due, sent or failed). */
  fallback?: IntentFallback;
}

/** Which intents the delivery log shows (`limit` newest). */
export interface LogFilter {
  userId?: string;
  journey?: string;
  status?: MessageStatus;
  limit: number;
}

/** An intent (as read) and what it becomes. */
export interface IntentChange {
  intent: SendIntent;
  update: IntentUpdate;
}

/**
 * Send intents. Every query names the workspace, except the poller's claims
 * (`dueWork`, `claimDue`, `claimRetry`: due work of every workspace, each
 * claimed row carrying its own) and the writes by id that follow a read (each
 * says where its ids come from).
 */
export class IntentRepository {
  constructor(private readonly m: EntityManager) {}

  /**
   * Records an intent per request of the workspace (a request seen before,
   * same idempotency key, adds nothing) and returns the requests' intents
   * still waiting for a decision (PENDING), in request order, in one
   * statement. The caller holds the users' locks, so no other transaction
   * records or decides intents of these users meanwhile.
   */
  async recordPending(workspaceId: string, requests: RecordedRequest[], now: Date): Promise<SendIntent[]> {
    if (requests.length === 0) return [];
    // One JSON document instead of one array per column: no array literals to build and escape.
    const rows: IntentRow[] = await this.m.query(
      `WITH r AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS r(u text, k text, j jsonb, c text, t text, cat text, ctx jsonb, fb jsonb, b uuid, fp text) LIMIT $4
       ), inserted AS (
         INSERT INTO messaging.send_intents (workspace_id, user_id, idempotency_key, journey, channel, template, category, context,
           fallback, broadcast_id, fingerprint, status, created_at, updated_at)
         SELECT $3::text, u, k, j, c, t, cat, ctx, fb, b, fp, 'PENDING', $2, $2 FROM r
         ON CONFLICT (workspace_id, idempotency_key) DO NOTHING
         RETURNING *
       )
       SELECT * FROM inserted
       UNION ALL
       SELECT i.* FROM messaging.send_intents i
       WHERE i.workspace_id = $3::text AND i.idempotency_key IN (SELECT k FROM r) AND i.status = 'PENDING'`,
      [
        JSON.stringify(
          requests.map((r) => ({
            u: r.userId,
            k: r.idempotencyKey,
            j: r.journey ?? null,
            c: r.channel,
            t: r.template,
            cat: r.category,
            ctx: r.context,
            fb: r.fallback ?? null,
            b: r.broadcastId ?? null,
            fp: r.fingerprint ?? null,
          })),
        ),
        now,
        workspaceId,
        // The planner's row count of the requests (ARCHITECTURE.md, "Row counts for the planner").
        requests.length,
      ],
    );
    const byKey = new Map(rows.map((r) => [r.idempotency_key, r]));
    const pending = new Map<string, SendIntent>();
    for (const r of requests) {
      const row = byKey.get(r.idempotencyKey);
      if (row && !pending.has(row.id)) pending.set(row.id, toIntent(row));
    }
    return [...pending.values()];
  }

  /** The workspace's intent with this idempotency key. */
  async findByKey(workspaceId: string, idempotencyKey: string): Promise<SendIntent | undefined> {
    const rows: IntentRow[] = await this.m.query(`SELECT * FROM messaging.send_intents WHERE workspace_id = $1 AND idempotency_key = $2`, [
      workspaceId,
      idempotencyKey,
    ]);
    return rows[0] ? toIntent(rows[0]) : undefined;
  }

  /** The workspace's intent with this id (a message id of the API), with the API request's fingerprint. */
  async findById(workspaceId: string, id: string): Promise<(SendIntent & { fingerprint: string | null }) | undefined> {
    const rows: Array<IntentRow & { fingerprint: string | null }> = await this.m.query(
      `SELECT * FROM messaging.send_intents WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id],
    );
    return rows[0] ? { ...toIntent(rows[0]), fingerprint: rows[0].fingerprint } : undefined;
  }

  /** A broadcast's messages still deferred (a cancellation suppresses them). */
  async deferredOfBroadcast(workspaceId: string, broadcastId: string): Promise<SendIntent[]> {
    const rows: IntentRow[] = await this.m.query(
      `SELECT * FROM messaging.send_intents WHERE workspace_id = $1 AND broadcast_id = $2 AND status = 'DEFERRED' FOR UPDATE`,
      [workspaceId, broadcastId],
    );
    return rows.map(toIntent);
  }

  /** These intents as they are now, by id: the ids come from a claim or a decision's read of the intents. */
  async findMany(ids: string[]): Promise<Map<string, SendIntent>> {
    const rows: IntentRow[] = ids.length === 0 ? [] : await this.m.query(`SELECT * FROM messaging.send_intents WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, toIntent(r)]));
  }

  /**
   * Whether any DEFERRED intent is due and any reserved send's lease or backoff
   * ran out, over all workspaces, in one indexed read without a transaction
   * (the poller's idle check; the claims then decide under locks).
   */
  async dueWork(now: Date): Promise<{ deferred: boolean; retries: boolean }> {
    const [row]: Array<{ deferred: boolean; retries: boolean }> = await this.m.query(
      `SELECT EXISTS (SELECT 1 FROM messaging.send_intents WHERE status = 'DEFERRED' AND deferred_until <= $1) AS deferred,
              EXISTS (SELECT 1 FROM messaging.send_intents WHERE status = 'SENDING' AND retry_at <= $1) AS retries`,
      [now],
    );
    return row;
  }

  /**
   * Claims up to `limit` DEFERRED intents that are due, of every workspace (of
   * `ids` only, when given: ids of an earlier claim), earliest first, skipping
   * rows another worker holds.
   */
  async claimDue(now: Date, limit: number, ids?: string[]): Promise<SendIntent[]> {
    const rows: IntentRow[] = await this.m.query(
      `SELECT * FROM messaging.send_intents WHERE status = 'DEFERRED' AND deferred_until <= $1 ${ids ? 'AND id = ANY($3::uuid[])' : ''}
       ORDER BY deferred_until LIMIT $2 FOR UPDATE SKIP LOCKED`,
      ids ? [now, limit, ids] : [now, limit],
    );
    return rows.map(toIntent);
  }

  /** A deferred intent whose decision failed: due again at `until`, or never (parked) when it is null. By id: the id comes from `claimDue`. */
  async deferUntil(id: string, until: Date | null): Promise<void> {
    await this.m.query(`UPDATE messaging.send_intents SET deferred_until = COALESCE($2::timestamptz, 'infinity') WHERE id = $1`, [id, until]);
  }

  /** A reserved send whose re-check failed: claimable again at `at`, or never (parked) when it is null. By id: the id comes from `claimRetry`. */
  async retryAt(id: string, at: Date | null): Promise<void> {
    await this.m.query(`UPDATE messaging.send_intents SET retry_at = COALESCE($2::timestamptz, 'infinity') WHERE id = $1`, [id, at]);
  }

  /**
   * Claims one reserved send, of any workspace, whose lease or backoff ran out
   * (a crash, or a provider outage), extending its lease so no other worker
   * takes it meanwhile (only `id`, when given: the id of an earlier claim).
   * A claimed send loses its parking reason: `reason IS NOT NULL` marks a parked send.
   */
  async claimRetry(now: Date, leaseUntil: Date, id?: string): Promise<SendIntent | undefined> {
    return id ? this.claimReserved(`retry_at <= $1 AND id = $3`, [now, leaseUntil, id]) : this.claimReserved(`retry_at <= $1`, [now, leaseUntil]);
  }

  /**
   * Claims one send of this channel parked after a failed try, whatever its
   * backoff: it probes a half-open breaker.
   */
  async claimParked(workspaceId: string, channel: string, now: Date, leaseUntil: Date): Promise<SendIntent | undefined> {
    return this.claimReserved(`workspace_id = $3 AND channel = $4 AND reason IS NOT NULL`, [now, leaseUntil, workspaceId, channel]);
  }

  /** Makes this channel's parked sends due now (its provider is back); returns how many. */
  async releaseParked(workspaceId: string, channel: string, now: Date): Promise<number> {
    const [, count]: [unknown, number] = await this.m.query(
      `UPDATE messaging.send_intents SET retry_at = $3, updated_at = $3
       WHERE workspace_id = $1 AND channel = $2 AND status = 'SENDING' AND reason IS NOT NULL AND retry_at > $3`,
      [workspaceId, channel, now],
    );
    return count;
  }

  /** An operator's retry of a failing or parked DEFERRED intent: due now; false when it is no longer deferred. */
  async releaseDeferred(workspaceId: string, id: string, now: Date): Promise<boolean> {
    const [, count]: [unknown, number] = await this.m.query(
      `UPDATE messaging.send_intents SET deferred_until = $3, updated_at = $3 WHERE id = $1 AND workspace_id = $2 AND status = 'DEFERRED'`,
      [id, workspaceId, now],
    );
    return count > 0;
  }

  /** An operator's retry of a failing or parked reserved send: due now; false when it is no longer reserved. */
  async releaseReserved(workspaceId: string, id: string, now: Date): Promise<boolean> {
    const [, count]: [unknown, number] = await this.m.query(
      `UPDATE messaging.send_intents SET retry_at = $3, updated_at = $3 WHERE id = $1 AND workspace_id = $2 AND status = 'SENDING'`,
      [id, workspaceId, now],
    );
    return count > 0;
  }

  private async claimReserved(where: string, params: unknown[]): Promise<SendIntent | undefined> {
    const [rows]: [IntentRow[], number] = await this.m.query(
      `UPDATE messaging.send_intents SET retry_at = $2, attempts = attempts + 1, reason = NULL, updated_at = $1
       WHERE id = (SELECT id FROM messaging.send_intents WHERE status = 'SENDING' AND ${where}
                   ORDER BY retry_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      params,
    );
    return rows[0] ? toIntent(rows[0]) : undefined;
  }

  /** Extends the delivery leases of reserved sends this worker holds. By id: the worker reserved or claimed them. */
  async extendLeases(ids: string[], until: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.m.query(
      `UPDATE messaging.send_intents SET retry_at = $2 WHERE id = ANY($1::uuid[]) AND status = 'SENDING' AND reason IS NULL AND retry_at < $2`,
      [ids, until],
    );
  }

  /** Keeps reserved sends for a later try after the provider was unavailable. By id: the sends were claimed or reserved by a decision. */
  async park(parked: Array<{ id: string; reason: string; retryAt: Date }>, now: Date): Promise<void> {
    if (parked.length === 0) return;
    await this.m.query(
      `UPDATE messaging.send_intents AS i SET reason = p.reason, retry_at = p.retry_at, updated_at = $4
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS p(id, reason, retry_at)
       WHERE i.id = p.id AND i.status = 'SENDING'`,
      [parked.map((p) => p.id), parked.map((p) => p.reason), parked.map((p) => p.retryAt), now],
    );
  }

  /**
   * Records that these reserved sends' primary channel cannot reach the
   * recipient (their `fallback` with its `trigger`): the fallback is due, and
   * the sends keep a lease while it is sent. Returns the sends as they are now
   * (those still reserved). By id: the sends were reserved and delivered by this worker.
   */
  async fallbackDue(intents: SendIntent[], leaseUntil: Date, now: Date): Promise<SendIntent[]> {
    if (intents.length === 0) return [];
    const [rows]: [IntentRow[], number] = await this.m.query(
      `UPDATE messaging.send_intents AS i SET fallback = f.fallback, reason = NULL, retry_at = $2, updated_at = $3
       FROM jsonb_to_recordset($1::jsonb) AS f(id uuid, fallback jsonb)
       WHERE i.id = f.id AND i.status = 'SENDING'
       RETURNING i.*`,
      [JSON.stringify(intents.map((i) => ({ id: i.id, fallback: i.fallback }))), leaseUntil, now],
    );
    return rows.map(toIntent);
  }

  /** The delivery log: the workspace's intents, newest first, of one user, journey (key) and status when given. */
  async log(workspaceId: string, filter: LogFilter): Promise<SendIntent[]> {
    const rows: IntentRow[] = await this.m.query(
      `SELECT * FROM messaging.send_intents
       WHERE workspace_id = $1 AND ($2::text IS NULL OR user_id = $2) AND ($3::text IS NULL OR journey->>'key' = $3)
         AND ($4::text IS NULL OR status = $4)
       ORDER BY seq DESC LIMIT $5`,
      [workspaceId, filter.userId ?? null, filter.journey ?? null, filter.status ?? null, filter.limit],
    );
    return rows.map(toIntent);
  }

  /** Each of these users' sends that caps count (reserved or sent) since `since`, by user id. */
  async countedSends(workspaceId: string, userIds: string[], since: Date): Promise<Map<string, SentRecord[]>> {
    const rows: Array<{ user_id: string; counted_at: Date; channel: string; journey_key: string | null; category: SentRecord['category'] }> =
      await this.m.query(
        // One index probe per user (send_intents_counted: workspace, user, counted_at), whatever the statistics say.
        // As `user_id = ANY($2)`, and as a plain join to the unnested ids, the planner scanned the workspace's counted
        // sends since `since` (the index without its user column) and filtered them by user while its statistics were
        // behind: 1,602 rows read for 3 users, 14 ms (ARCHITECTURE.md, "Row counts for the planner"). A lateral
        // subquery that is not pulled up (OFFSET 0) can only be run per user, with the user id in the index condition.
        `SELECT u.id AS user_id, i.counted_at, i.channel, i.journey_key, i.category
         FROM unnest($2::text[]) AS u(id)
         CROSS JOIN LATERAL (
           SELECT c.counted_at, c.channel, c.journey->>'key' AS journey_key, c.category FROM messaging.send_intents c
           WHERE c.workspace_id = $1 AND c.user_id = u.id AND c.counted_at >= $3
             AND c.status IN (${COUNTED_STATUSES.map((s) => `'${s}'`).join(', ')})
           OFFSET 0) i`,
        // Each id once: a repeated one would count its sends twice.
        [workspaceId, [...new Set(userIds)], since],
      );
    const byUser = new Map<string, SentRecord[]>();
    for (const r of rows) {
      const record = { at: r.counted_at, channel: r.channel, journeyId: r.journey_key, category: r.category };
      byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), record]);
    }
    return byUser;
  }

  /**
   * Moves an intent from one of `from` to a new status (nothing happens when it
   * is no longer in one of `from`). A final or deferred status also goes to the
   * outbox as an outcome, in the same statement. By id: the intent was read
   * (claimed, recorded or reserved) before.
   */
  async transition(intent: SendIntent, from: MessageStatus[], update: IntentUpdate, now: Date): Promise<void> {
    await this.transitionMany(from, [{ intent, update }], now);
  }

  /**
   * `transition` for many intents (distinct) in one statement; the outcomes of
   * those that reached a final or deferred status go to the outbox in the order
   * of `changes`. Returns the intents it reserved (now SENDING), in that order
   * (only those rows come back, so a batch of mostly suppressed intents
   * returns little). By id: the intents were read (claimed, recorded or
   * reserved) before.
   */
  async transitionMany(from: MessageStatus[], changes: IntentChange[], now: Date): Promise<SendIntent[]> {
    if (changes.length === 0) return [];
    const trace = { traceparent: formatTraceparent(childSpan()) };
    const outcomes = changes
      .filter((c) => !['PENDING', 'SENDING'].includes(c.update.status))
      .map(({ intent, update }) => {
        const after: SendIntent = {
          ...intent,
          status: update.status,
          reason: update.reason ?? null,
          deferredUntil: update.deferredUntil ?? null,
          fallback: update.fallback ?? intent.fallback,
        };
        return { id: intent.id, topic: TOPICS.messageOutcomes, key: messageOutcomeKey(intent), value: JSON.stringify(outcomeOf(after, now)), headers: trace };
      });
    const updates = changes.map(({ intent, update: u }) => ({
      id: intent.id,
      status: u.status,
      reason: u.reason ?? null,
      content: u.content ?? null,
      content_channel: u.contentChannel ?? null,
      set_counted: u.countedAt !== undefined,
      counted_at: u.countedAt ?? null,
      sent_at: u.sentAt ?? null,
      deferred_until: u.deferredUntil ?? null,
      retry_at: u.retryAt ?? null,
      fallback: u.fallback ?? null,
    }));
    // One statement with a data-modifying CTE: the outbox rows are written only for the intents the UPDATE changed,
    // in the order given; both sets travel as one JSON document each (no array literals to build and escape).
    const rows: IntentRow[] = await this.m.query(
      `WITH changed AS (
         UPDATE messaging.send_intents AS i SET status = u.status, reason = u.reason, content = COALESCE(u.content, i.content),
           content_channel = COALESCE(u.content_channel, i.content_channel),
           counted_at = CASE WHEN u.set_counted THEN u.counted_at ELSE i.counted_at END, sent_at = COALESCE(u.sent_at, i.sent_at),
           deferred_until = u.deferred_until, attempts = i.attempts + CASE WHEN u.status = 'SENDING' THEN 1 ELSE 0 END,
           updated_at = $3, retry_at = u.retry_at, fallback = COALESCE(u.fallback, i.fallback)
         FROM (SELECT * FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, status text, reason text, content jsonb, content_channel text,
           set_counted boolean, counted_at timestamptz, sent_at timestamptz, deferred_until timestamptz, retry_at timestamptz, fallback jsonb)
           LIMIT $5) u
         WHERE i.id = u.id AND i.status = ANY($2::text[]) RETURNING i.*
       ), outcomes AS (
         INSERT INTO messaging.outbox (topic, key, value, headers)
         SELECT o.topic, o.key, convert_to(o.value, 'UTF8'), o.headers
         FROM ROWS FROM (jsonb_to_recordset($4::jsonb) AS (id uuid, topic text, key text, value text, headers jsonb))
           WITH ORDINALITY AS o(id, topic, key, value, headers, n)
         WHERE o.id IN (SELECT id FROM changed) ORDER BY o.n
       )
       SELECT * FROM changed WHERE status = 'SENDING'`,
      // $5: the planner's row count of the updates (ARCHITECTURE.md, "Row counts for the planner").
      [JSON.stringify(updates), from, now, JSON.stringify(outcomes), updates.length],
    );
    const byId = new Map(rows.map((r) => [r.id, toIntent(r)]));
    return changes.map((c) => byId.get(c.intent.id)).filter((i): i is SendIntent => i !== undefined);
  }
}
