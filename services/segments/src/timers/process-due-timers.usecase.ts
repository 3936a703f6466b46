import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { prune } from '../domain';
import { UNREFERENCED_EVENT_RETENTION_MS } from '../ingest/ingest-events.usecase';
import { reevaluateAndRecord } from '../evaluation/reevaluate';
import { SegmentCatalog } from '../evaluation/segment-catalog';
import { lockUsersSkipLocked } from '../evaluation/user-state.store';

export const TIMER_BATCH = 500;

/**
 * Claims due re-evaluation timers (`due_at <= now`) in one batch with
 * `FOR UPDATE SKIP LOCKED` over the partial index of pending timers, then
 * re-evaluates those users' segments at the clock's now and publishes the
 * time-driven entries and exits (cause `time`). Users whose state row another
 * transaction holds (the consumer, usually) are skipped: that transaction
 * reschedules them. Returns how many timers it claimed.
 */
@Injectable()
export class ProcessDueTimersUseCase {
  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly catalog: SegmentCatalog,
  ) {}

  async execute(): Promise<number> {
    const now = this.platform.clock.now();
    const { claimed, changes } = await this.platform.dataSource.transaction(async (m) => {
      const due: Array<{ workspace_id: string; user_id: string }> = await m.query(
        `SELECT workspace_id, user_id FROM segments.timers
         WHERE due_at IS NOT NULL AND due_at <= $1 ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, TIMER_BATCH],
      );
      const byWorkspace = new Map<string, string[]>();
      for (const r of due) {
        const list = byWorkspace.get(r.workspace_id);
        if (list) list.push(r.user_id);
        else byWorkspace.set(r.workspace_id, [r.user_id]);
      }
      let total = 0;
      for (const [workspaceId, users] of byWorkspace) total += await this.reevaluate(m, workspaceId, users, now);
      return { claimed: due.length, changes: total };
    });
    if (changes > 0) this.platform.outbox.nudge();
    return claimed;
  }

  private async reevaluate(m: EntityManager, workspaceId: string, userIds: string[], now: Date): Promise<number> {
    const users = await lockUsersSkipLocked(m, workspaceId, userIds);
    const index = await this.catalog.indexFor(m, workspaceId);
    const items = users.map((user) => ({
      user,
      state: prune(user.state, index.retention, now.getTime(), { otherEvents: UNREFERENCED_EVENT_RETENTION_MS }),
      segments: index.ordered,
      complete: true,
    }));
    return reevaluateAndRecord(m, { workspaceId, index, now, cause: 'time' }, items);
  }
}
