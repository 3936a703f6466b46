import { MessageStatus } from '@cairn/contracts';
import { EntityManager } from 'typeorm';
import { IntentRow } from '../messages/intent';

export interface StatusCount {
  at: Date;
  status: MessageStatus;
  n: number;
}

export interface LogFilter {
  userId?: string;
  journey?: string;
  status?: MessageStatus;
  reason?: string;
  channel?: string;
  /** Entries strictly older than this (created_at, seq) position. */
  before?: { createdAt: Date; seq: string };
  limit: number;
}

/** A row of the log; `seq` (bigint) comes back as a string. */
export type LogRow = IntentRow & { seq: string };

/** The delivery log read by time, for the console; every method is scoped to one workspace. */
export class DeliveryLogRepository {
  constructor(private readonly m: EntityManager) {}

  /** Intents created in [from, to] per time bucket (aligned on the Unix epoch) and status. */
  async countByBucket(workspaceId: string, from: Date, to: Date, bucketMs: number, only: { journey?: string; channel?: string }): Promise<StatusCount[]> {
    return this.m.query(
      `SELECT date_bin(($2::bigint || ' milliseconds')::interval, created_at, TIMESTAMPTZ 'epoch') AS at, status, count(*)::int AS n
       FROM messaging.send_intents
       WHERE workspace_id = $1 AND created_at >= $3 AND created_at <= $4
         AND ($5::text IS NULL OR journey->>'key' = $5) AND ($6::text IS NULL OR channel = $6)
       GROUP BY 1, 2`,
      [workspaceId, bucketMs, from, to, only.journey ?? null, only.channel ?? null],
    );
  }

  /** Intents created in [from, to] per journey key ('' for sends without a journey) and status. */
  async countByJourney(
    workspaceId: string,
    from: Date,
    to: Date,
    only: { journey?: string; channel?: string },
  ): Promise<Array<{ journey: string; status: MessageStatus; n: number }>> {
    return this.m.query(
      `SELECT coalesce(journey->>'key', '') AS journey, status, count(*)::int AS n
       FROM messaging.send_intents
       WHERE workspace_id = $1 AND created_at >= $2 AND created_at <= $3
         AND ($4::text IS NULL OR journey->>'key' = $4) AND ($5::text IS NULL OR channel = $5)
       GROUP BY 1, 2`,
      [workspaceId, from, to, only.journey ?? null, only.channel ?? null],
    );
  }

  /** One page of the log, newest first, with the filters given; one row more than `limit` tells whether a next page exists. */
  async page(workspaceId: string, f: LogFilter): Promise<LogRow[]> {
    return this.m.query(
      `SELECT * FROM messaging.send_intents
       WHERE workspace_id = $1 AND ($2::text IS NULL OR user_id = $2) AND ($3::text IS NULL OR journey->>'key' = $3)
         AND ($4::text IS NULL OR status = $4) AND ($5::text IS NULL OR reason = $5) AND ($6::text IS NULL OR channel = $6)
         AND ($7::timestamptz IS NULL OR (created_at, seq) < ($7::timestamptz, $8::bigint))
       ORDER BY created_at DESC, seq DESC LIMIT $9`,
      [
        workspaceId,
        f.userId ?? null,
        f.journey ?? null,
        f.status ?? null,
        f.reason ?? null,
        f.channel ?? null,
        f.before?.createdAt ?? null,
        f.before?.seq ?? null,
        f.limit + 1,
      ],
    );
  }
}
