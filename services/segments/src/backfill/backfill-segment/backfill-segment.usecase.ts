import { CairnConfig } from '@cairn/config';
import { CLOCK, Clock, isTransient } from '@cairn/core';
import { recordFailure } from '@cairn/db';
import { OutboxRelay } from '@cairn/kafka';
import { Logger, workMetrics } from '@cairn/observability';
import { CONFIG, DATA_SOURCE, LOGGER, OUTBOX } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { reevaluateAndRecord } from '../../evaluation/reevaluate';
import { SegmentCatalog } from '../../evaluation/segment-catalog';
import { SegmentIndex } from '../../evaluation/segment-index';
import { LockedUser, UserStateRepository } from '../../evaluation/user-state.repository';
import { TIMER_KIND } from '../../evaluation/reevaluation-timers';
import { SegmentRepository } from '../../segments/segment.repository';
import { BackfillSegmentCommand } from './backfill-segment.command';

export const BACKFILL_PAGE = 500;

interface Page {
  segmentId: string;
  workspaceId: string;
  from: string;
  userIds: string[];
  next: string | null;
}

/**
 * Evaluates a new or edited segment (and the segments that reference it) over
 * the stored user states, one page of users per transaction, publishing the
 * resulting entries and exits (cause `backfill`). The cursor lives on the
 * segment row (`backfill_from`), so a backfill resumes after a restart, and an
 * edit mid-way restarts it from the first user. A deleted segment has no row
 * left to backfill. Returns false when no backfill is pending. The poller
 * passes pages of BACKFILL_PAGE users.
 *
 * A page that fails for a reason of its own is evaluated again user by user:
 * a user who fails alone is handed to the re-evaluation timers (recorded in
 * the failure ledger as a `timer` failure, due again after the backoff, parked
 * after the last attempt) and the backfill moves on past them.
 */
@Injectable()
export class BackfillSegmentUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
    private readonly catalog: SegmentCatalog,
  ) {}

  async execute(command: BackfillSegmentCommand): Promise<boolean> {
    let page: Page | undefined;
    try {
      const result = await this.dataSource.transaction(async (m) => {
        const claimed = await this.claimPage(m, command.pageSize);
        if (!claimed) return { pending: false, changes: 0 };
        page = claimed.page;
        const changes = await this.evaluate(m, claimed.index, page, claimed.users);
        await new SegmentRepository(m).moveBackfillCursor(page.workspaceId, page.segmentId, page.next);
        return { pending: true, changes };
      });
      if (result.changes > 0) this.outbox.nudge();
      return result.pending;
    } catch (error) {
      if (isTransient(error) || !page) throw error;
      this.logger.warn(
        { segmentId: page.segmentId, users: page.userIds.length, err: (error as Error).message },
        'a backfill page failed; evaluating its users one by one',
      );
      await this.userByUser(page);
      return true;
    }
  }

  /** The oldest pending backfill's next page, its users locked. */
  private async claimPage(m: EntityManager, pageSize: number): Promise<{ page: Page; index: SegmentIndex; users: LockedUser[] } | undefined> {
    // Lock order shared with definition changes: the workspace's definitions version first
    // (indexFor reads it FOR SHARE), then the segment row, then the users; taking the segment
    // row first deadlocked with an edit, which bumps the version and then locks the segment.
    const segments = new SegmentRepository(m);
    const workspaceId = await segments.oldestBackfillWorkspace();
    if (workspaceId === undefined) return undefined;
    const index = await this.catalog.indexFor(m, workspaceId);
    const segment = await segments.lockOldestBackfill(workspaceId);
    if (!segment) return undefined; // another replica holds it; the next poll looks again
    const users = await new UserStateRepository(m).lockUserPage(workspaceId, segment.from, pageSize);
    const userIds = users.map((u) => u.userId);
    const next = users.length < pageSize ? null : userIds[userIds.length - 1];
    return { page: { segmentId: segment.id, workspaceId, from: segment.from, userIds, next }, index, users };
  }

  /** Evaluates the segment and the segments that reference it for locked users; returns the membership changes. */
  private async evaluate(m: EntityManager, index: SegmentIndex, page: Page, users: LockedUser[]): Promise<number> {
    const segments = index.withDependents(page.segmentId);
    const items = users.map((user) => ({ user, state: user.state, segments, complete: false }));
    return reevaluateAndRecord(m, { workspaceId: page.workspaceId, index, now: this.clock.now(), cause: 'backfill' }, items);
  }

  private async userByUser(page: Page): Promise<void> {
    for (const userId of page.userIds) {
      try {
        const changes = await this.dataSource.transaction(async (m) => {
          const index = await this.catalog.indexFor(m, page.workspaceId);
          // Waits for a consumer holding the user: skipping them would leave them out of the backfill.
          return this.evaluate(m, index, page, await new UserStateRepository(m).lockExistingUsers(page.workspaceId, [userId]));
        });
        if (changes > 0) this.outbox.nudge();
      } catch (error) {
        if (isTransient(error)) throw error;
        await this.handOver(page, userId, error as Error);
      }
    }
    // The cursor moves on unless an edit restarted the backfill meanwhile.
    await new SegmentRepository(this.dataSource.manager).moveBackfillCursor(page.workspaceId, page.segmentId, page.next, page.from);
  }

  /** A user the backfill cannot evaluate: recorded as a failing re-evaluation, retried by the timer loop after the backoff. */
  private async handOver(page: Page, userId: string, error: Error): Promise<void> {
    const now = this.clock.now();
    const reason = `backfill of segment ${page.segmentId}: ${error.name}: ${error.message}`;
    const recorded = await this.dataSource.transaction(async (m) => {
      const result = await recordFailure(
        m,
        'segments',
        { kind: TIMER_KIND, item: `${page.workspaceId}:${userId}`, workspaceId: page.workspaceId, reason },
        now,
        this.config.backgroundWork,
      );
      await new UserStateRepository(m).armTimer(page.workspaceId, userId, result.retryAt);
      return result;
    });
    workMetrics.failures.inc({ schema: 'segments', kind: TIMER_KIND, outcome: recorded.parked ? 'parked' : 'retrying' });
    this.logger.warn(
      { segmentId: page.segmentId, userId, attempts: recorded.attempts, reason },
      'backfill could not evaluate a user; handed to the re-evaluation timers',
    );
  }
}
