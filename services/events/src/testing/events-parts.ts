import { devWorkspace, WorkspaceConfig } from '@cairn/config';
import { OUTBOX_WORK_KIND, OutboxRow, parkOutboxMessage } from '@cairn/kafka';
import { ServiceParts } from '@cairn/testing';
import { AcceptanceWriter } from '../acceptance/acceptance-writer';
import { EVENTS_MIGRATIONS } from '../migrations';
import { IngestRateLimiter } from '../rate-limit/ingest-rate-limiter';
import { SHOP_B } from './events-test-kit';

// Published values are asserted field by field; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Row = any;

/** One message waiting in the outbox (or parked out of it): its topic, key, headers and parsed value. */
export interface OutboxMessage {
  topic: string;
  key: string | null;
  headers: Record<string, string>;
  value: Row;
}

/**
 * The parts the events service's use cases are built from, put together by
 * hand on a fresh, migrated database of the real Postgres: no Nest, no bus.
 * The outbox relay only counts its nudges; what a use case would publish is
 * read back as outbox rows. Two workspaces: `dev` (no practical rate limit)
 * and SHOP_B (5 events a second).
 */
export class EventsParts extends ServiceParts {
  private constructor() {
    super({ service: 'events', schema: 'events', migrations: EVENTS_MIGRATIONS }, '2026-11-02T10:00:00.000Z');
  }

  static async start(): Promise<EventsParts> {
    const parts = new EventsParts();
    await parts.open();
    parts.config = { ...parts.config, workspaces: [{ ...devWorkspace(), ingestRatePerSecond: 1_000_000 }, SHOP_B] };
    return parts;
  }

  /** The dev workspace, with room for any number of events. */
  get dev(): WorkspaceConfig {
    return this.config.workspaces[0];
  }

  /** A second workspace, limited to 5 events a second. */
  get shopB(): WorkspaceConfig {
    return this.config.workspaces[1];
  }

  get limiter(): IngestRateLimiter {
    return this.once('limiter', () => new IngestRateLimiter(this.clock));
  }

  get acceptance(): AcceptanceWriter {
    return this.once('acceptance', () => new AcceptanceWriter(this.dataSource, this.config));
  }

  /** The messages waiting in the outbox, oldest first; only those of `topic` when given. */
  async pending(topic?: string): Promise<OutboxMessage[]> {
    const rows: Array<{ topic: string; key: string | null; value: Buffer; headers: Record<string, string> }> = await this.dataSource.query(
      `SELECT topic, key, value, headers FROM events.outbox WHERE $1::text IS NULL OR topic = $1 ORDER BY id`,
      [topic ?? null],
    );
    return rows.map((r) => ({ topic: r.topic, key: r.key, headers: r.headers, value: JSON.parse(Buffer.from(r.value).toString('utf8')) }));
  }

  /** Parks the outbox messages of this key as the relay does with one the bus refuses: out of the outbox, into the failure ledger. */
  async park(key: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      // A DELETE … RETURNING answers [rows, count].
      const [rows]: [OutboxRow[], number] = await m.query(`DELETE FROM events.outbox WHERE key = $1 RETURNING id, topic, key, value, headers`, [key]);
      for (const row of rows.sort((a, b) => Number(a.id) - Number(b.id))) await parkOutboxMessage(m, 'events', row, 'refused', this.logger);
    });
  }

  /** The keys of the parked outbox messages, oldest first. */
  async parked(): Promise<string[]> {
    const rows: Array<{ key: string }> = await this.dataSource.query(
      `SELECT payload->>'key' AS key FROM events.failed_work WHERE kind = $1 ORDER BY item::bigint`,
      [OUTBOX_WORK_KIND],
    );
    return rows.map((r) => r.key);
  }
}
