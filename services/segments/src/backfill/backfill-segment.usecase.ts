import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { reevaluateAndRecord } from '../evaluation/reevaluate';
import { SegmentCatalog } from '../evaluation/segment-catalog';
import { lockUserPage } from '../evaluation/user-state.store';

export const BACKFILL_PAGE = 500;

/**
 * Evaluates a new or edited segment (and the segments that reference it) over
 * the stored user states, one page of users per transaction, publishing the
 * resulting entries and exits (cause `backfill`). The cursor lives on the
 * segment row (`backfill_from`), so a backfill resumes after a restart, and an
 * edit mid-way restarts it from the first user. A deleted segment has no row
 * left to backfill. Returns false when no backfill is pending.
 */
@Injectable()
export class BackfillSegmentUseCase {
  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly catalog: SegmentCatalog,
  ) {}

  async step(): Promise<boolean> {
    const now = this.platform.clock.now();
    const result = await this.platform.dataSource.transaction(async (m) => {
      // Lock order shared with definition changes: the workspace's definitions version first
      // (indexFor reads it FOR SHARE), then the segment row, then the users; taking the segment
      // row first deadlocked with an edit, which bumps the version and then locks the segment.
      const [candidate]: Array<{ workspace_id: string }> = await m.query(
        `SELECT workspace_id FROM segments.segments WHERE backfill_from IS NOT NULL ORDER BY updated_at LIMIT 1`,
      );
      if (!candidate) return { pending: false, changes: 0 };
      const index = await this.catalog.indexFor(m, candidate.workspace_id);
      const [segment]: Array<{ id: string; workspace_id: string; backfill_from: string }> = await m.query(
        `SELECT id, workspace_id, backfill_from FROM segments.segments
         WHERE workspace_id = $1 AND backfill_from IS NOT NULL ORDER BY updated_at LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED`,
        [candidate.workspace_id],
      );
      if (!segment) return { pending: false, changes: 0 }; // another replica holds it; the next poll looks again
      const users = await lockUserPage(m, segment.workspace_id, segment.backfill_from, BACKFILL_PAGE);
      const segments = index.withDependents(segment.id);
      const items = users.map((user) => ({ user, state: user.state, segments, complete: false }));
      const changes = await reevaluateAndRecord(m, { workspaceId: segment.workspace_id, index, now, cause: 'backfill' }, items);
      const next = users.length < BACKFILL_PAGE ? null : users[users.length - 1].userId;
      await m.query(`UPDATE segments.segments SET backfill_from = $2 WHERE id = $1`, [segment.id, next]);
      return { pending: true, changes };
    });
    if (result.changes > 0) this.platform.outbox.nudge();
    return result.pending;
  }
}
