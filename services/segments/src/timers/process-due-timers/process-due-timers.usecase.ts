import { CairnConfig } from '@cairn/config';
import { CLOCK, Clock } from '@cairn/core';
import { IsolatedWork, queuedBy, runIsolatedPass } from '@cairn/db';
import { OutboxRelay } from '@cairn/kafka';
import { Logger } from '@cairn/observability';
import { CONFIG, DATA_SOURCE, isolatedPassOptions, LOGGER, OUTBOX } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { prune } from '@cairn/segments-domain';
import { reevaluateAndRecord } from '../../evaluation/reevaluate';
import { SegmentCatalog } from '../../evaluation/segment-catalog';
import { TIMER_KIND } from '../../evaluation/reevaluation-timers';
import { UNREFERENCED_EVENT_RETENTION_MS, UserStateRepository } from '../../evaluation/user-state.repository';
import { ProcessDueTimersCommand } from './process-due-timers.command';

export const TIMER_BATCH = 500;

interface DueUser {
  workspaceId: string;
  userId: string;
}
/**
 * Claims due re-evaluation timers (`due_at <= now`) in one batch with
 * `FOR UPDATE SKIP LOCKED` over the partial index of pending timers, then
 * re-evaluates those users' segments at the clock's now and publishes the
 * time-driven entries and exits (cause `time`). Users whose state row another
 * transaction holds (the consumer, usually) are skipped: that transaction
 * reschedules them. Returns how many timers it claimed (at most `limit`;
 * the poller passes TIMER_BATCH).
 */
@Injectable()
export class ProcessDueTimersUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
    private readonly catalog: SegmentCatalog,
  ) {}

  async execute(command: ProcessDueTimersCommand): Promise<number> {
    const now = this.clock.now();
    const work: IsolatedWork<DueUser> = {
      kind: TIMER_KIND,
      identify: (u) => ({ item: `${u.workspaceId}:${u.userId}`, workspaceId: u.workspaceId }),
      claim: (m, only) => new UserStateRepository(m).claimDueTimers(now, command.limit, only?.[0]),
      handle: async (m, due) => {
        let changes = 0;
        for (const [workspaceId, users] of groupByWorkspace(due)) changes += await this.reevaluate(m, workspaceId, users, now);
        return changes;
      },
      // Parked: no pending re-evaluation (a new event of the user evaluates them again anyway).
      setAside: async (m, u, retryAt) => void (await new UserStateRepository(m).armTimer(u.workspaceId, u.userId, retryAt)),
    };
    const pass = await runIsolatedPass(
      isolatedPassOptions({ dataSource: this.dataSource, schema: 'segments', logger: this.logger, clock: this.clock, config: this.config }),
      work,
    );
    if (queuedBy(pass) > 0) this.outbox.nudge();
    return pass.claimed;
  }

  private async reevaluate(m: EntityManager, workspaceId: string, userIds: string[], now: Date): Promise<number> {
    const users = await new UserStateRepository(m).lockUsersSkipLocked(workspaceId, userIds);
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

function groupByWorkspace(due: DueUser[]): Map<string, string[]> {
  const byWorkspace = new Map<string, string[]>();
  for (const r of due) {
    const list = byWorkspace.get(r.workspaceId);
    if (list) list.push(r.userId);
    else byWorkspace.set(r.workspaceId, [r.userId]);
  }
  return byWorkspace;
}
