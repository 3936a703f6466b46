import { CairnConfig, devWorkspace, WorkspaceConfig } from '@cairn/config';
import { TOPICS, type BehaviourEvent, type MembershipChange } from '@cairn/contracts';
import { ServiceParts } from '@cairn/testing';
import { FLAGSHIP_EXAMPLE } from '../segments/openapi-examples';
import { randomUUID } from 'node:crypto';
import { BackfillSegmentUseCase } from '../backfill/backfill-segment/backfill-segment.usecase';
import { SegmentCatalog } from '../evaluation/segment-catalog';
import { UserStateRepository } from '../evaluation/user-state.repository';
import { IngestEventsUseCase } from '../ingest/ingest-events/ingest-events.usecase';
import { SEGMENTS_MIGRATIONS } from '../migrations';
import { CreateSegmentUseCase } from '../segments/create-segment/create-segment.usecase';
import { SegmentRepository, type SegmentRecord } from '../segments/segment.repository';

// Rows are asserted field by field; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Row = any;

export const DAY = 86_400_000;

/** A second workspace, for isolation tests. */
export function acmeWorkspace(): WorkspaceConfig {
  return { ...devWorkspace(), id: 'acme', name: 'Acme', writeKeys: ['acme-write-key'], adminKeys: ['acme-admin-key'] };
}

/** Viewed the flagship 3 to 5 times this week and did not order (the OpenAPI example). */
export const FLAGSHIP = FLAGSHIP_EXAMPLE;

/**
 * The parts segments' use cases are built from, put together by hand on a
 * fresh, migrated database of the real Postgres: no Nest, no bus. The outbox
 * relay only counts its nudges; what a use case publishes is read back from
 * the outbox rows. The configured workspaces are the dev workspace and
 * `acme` unless `workspaces` says otherwise.
 */
export class SegmentsParts extends ServiceParts {
  readonly catalog = new SegmentCatalog();

  private constructor() {
    super({ service: 'segments', schema: 'segments', migrations: SEGMENTS_MIGRATIONS }, Date.UTC(2026, 10, 2, 10, 0, 0));
  }

  static async start(options: { workspaces?: WorkspaceConfig[]; config?: Partial<CairnConfig> } = {}): Promise<SegmentsParts> {
    const parts = new SegmentsParts();
    await parts.open();
    parts.config = { ...parts.config, ...options.config, workspaces: options.workspaces ?? [devWorkspace(), acmeWorkspace()] };
    return parts;
  }

  get segments(): SegmentRepository {
    return new SegmentRepository(this.dataSource.manager);
  }

  get users(): UserStateRepository {
    return new UserStateRepository(this.dataSource.manager);
  }

  get ingestEvents(): IngestEventsUseCase {
    return new IngestEventsUseCase(this.dataSource, this.clock, this.outbox, this.catalog);
  }

  get backfill(): BackfillSegmentUseCase {
    return new BackfillSegmentUseCase(this.dataSource, this.config, this.clock, this.logger, this.outbox, this.catalog);
  }

  /** Creates a segment as the API does and runs its backfill to the end. */
  async define(body: unknown, workspaceId = 'dev'): Promise<SegmentRecord> {
    const created = await new CreateSegmentUseCase(this.dataSource, this.clock).execute({ workspaceId, body });
    await this.backfilled();
    return { ...created, backfill: 'done' };
  }

  /** Runs every pending backfill to the end. */
  async backfilled(): Promise<void> {
    while (await this.backfill.execute({ pageSize: 500 }));
  }

  /** Folds events into the users' states as one consumed batch. */
  async ingest(...events: BehaviourEvent[]): Promise<void> {
    await this.ingestEvents.execute({ events });
  }

  /** A track event, stamped at the clock's now unless `at` says otherwise. */
  track(userId: string, event: string, properties: Record<string, unknown> = {}, options: { at?: number; workspaceId?: string } = {}): BehaviourEvent {
    const now = this.clock.now().toISOString();
    return {
      v: 1,
      workspaceId: options.workspaceId ?? 'dev',
      messageId: randomUUID(),
      type: 'track',
      userId,
      event,
      properties,
      timestamp: options.at === undefined ? now : new Date(options.at).toISOString(),
      receivedAt: now,
    };
  }

  /** The same event sent by an anonymous visitor (anonymousId only). */
  anonymous(event: BehaviourEvent): BehaviourEvent {
    const { userId, ...rest } = event;
    return { ...rest, anonymousId: userId };
  }

  /** An `identify` of `userId` with its traits, linking `anonymousId` to it when given. */
  identify(userId: string, traits: Record<string, unknown> = {}, options: { anonymousId?: string; workspaceId?: string } = {}): BehaviourEvent {
    const { event: _event, properties: _properties, ...rest } = this.track(userId, 'ignored', {}, { workspaceId: options.workspaceId });
    return { ...rest, type: 'identify', traits, ...(options.anonymousId !== undefined && { anonymousId: options.anonymousId }) };
  }

  /** An `alias` merging `previousId` into `userId`. */
  alias(previousId: string, userId: string, workspaceId = 'dev'): BehaviourEvent {
    const { event: _event, properties: _properties, ...rest } = this.track(userId, 'ignored', {}, { workspaceId });
    return { ...rest, type: 'alias', previousId };
  }

  /** The messages written to the outbox for `topic`, in order. */
  async published<T = Row>(topic: string): Promise<T[]> {
    const rows: Array<{ value: Buffer }> = await this.dataSource.query(`SELECT value FROM segments.outbox WHERE topic = $1 ORDER BY id`, [topic]);
    return rows.map((r) => JSON.parse(r.value.toString('utf8')) as T);
  }

  /** The membership changes published for the user (optionally in one segment), in order. */
  async changesOf(userId: string, segmentKey?: string, workspaceId = 'dev'): Promise<MembershipChange[]> {
    return (await this.published<MembershipChange>(TOPICS.segmentMembership)).filter(
      (c) => c.workspaceId === workspaceId && c.userId === userId && (segmentKey === undefined || c.segmentKey === segmentKey),
    );
  }

  /** The keys of the segments the user is a member of, in key order. */
  memberOf(userId: string, workspaceId = 'dev'): Promise<string[]> {
    return this.users.memberOf(workspaceId, userId);
  }
}
