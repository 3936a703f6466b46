import { CairnConfig } from '@cairn/config';
import { CLOCK, Clock } from '@cairn/core';
import { IsolatedWork, queuedBy, runIsolatedPass } from '@cairn/db';
import { OutboxRelay } from '@cairn/kafka';
import { Logger } from '@cairn/observability';
import { CONFIG, DATA_SOURCE, isolatedPassOptions, LOGGER, OUTBOX, ParkedKind } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { advance, JourneyRun } from '@cairn/journeys-domain';
import { JourneyRepository } from '../../definitions/journey.repository';
import { applyEffectsBatch, RunEffects } from '../run-effects';
import { RunBatchRepository } from '../run-batch.repository';
import { engineFacts } from '../run-stepper';
import { StoredRun } from '../run.repository';
import { DueTimer, TimerRepository } from '../timer.repository';
import { FireDueTimersCommand } from './fire-due-timers.command';

export const TIMER_BATCH = 1000;
/** The failure-ledger kind of journey timers. */
export const TIMER_KIND = 'timer';

/** An operator's retry of a failing or parked timer: pending again, due now (false when its run is gone). */
export const timerParkedKind: ParkedKind = {
  kind: TIMER_KIND,
  release: (m, { workspaceId, item, now }) => new TimerRepository(m).release(workspaceId, item, now),
};

/**
 * Claims a batch of due timers with their runs (FOR UPDATE SKIP LOCKED, so
 * replicas share the work) and fires them set-based in one transaction: the
 * engine advances each run in memory, one conditional update writes the runs
 * (each on the revision read), one batch applies the effects, one delete
 * removes the fired timers. A timer whose run changed concurrently, or a second due
 * timer of a run already advanced in this batch, stays pending for the next
 * pass; the timer row and the run move in the same transaction, so a crash
 * fires it again from scratch, never twice.
 */
@Injectable()
export class FireDueTimersUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  /**
   * Returns how many timers were claimed (at most `limit`; the poller passes
   * TIMER_BATCH). A timer that fails on its own (its
   * run or journey cannot be advanced) costs only itself: see runIsolatedPass;
   * it is tried again with backoff, then parked (`status = 'parked'`).
   */
  async execute(command: FireDueTimersCommand): Promise<number> {
    const now = this.clock.now();
    const pass = await runIsolatedPass(
      isolatedPassOptions({ dataSource: this.dataSource, schema: 'journeys', logger: this.logger, clock: this.clock, config: this.config }),
      this.work(now, command.limit),
    );
    if (queuedBy(pass) > 0) this.outbox.nudge();
    return pass.claimed;
  }

  private work(now: Date, limit: number): IsolatedWork<DueTimer> {
    return {
      kind: TIMER_KIND,
      identify: (t) => ({ item: t.id, workspaceId: t.stored?.workspaceId ?? null }),
      claim: (m, only) =>
        new TimerRepository(m).claimDue(
          now,
          limit,
          only?.map((t) => t.id),
        ),
      handle: (m, due) => this.fireAll(m, due, now),
      setAside: (m, timer, retryAt) => new TimerRepository(m).setAside(timer.id, retryAt),
    };
  }

  private async fireAll(m: EntityManager, due: DueTimer[], now: Date): Promise<number> {
    const versions = await new JourneyRepository(m).versions(uniquePairs(due));
    const journeyOf = (s: StoredRun) => versions.find((v) => v.journeyId === s.journeyId && v.version === s.run.version);
    const facts = await this.userFacts(m, due);
    const done: string[] = [];
    const changes: Array<{ timerId: string; stored: StoredRun; run: JourneyRun; effects: RunEffects['effects'] }> = [];
    const seen = new Set<string>();
    for (const timer of due) {
      const stored = timer.stored;
      const journey = stored ? journeyOf(stored) : undefined;
      if (!stored || !journey) {
        done.push(timer.id);
        continue;
      }
      if (seen.has(stored.run.id)) continue; // one advance per run per pass
      seen.add(stored.run.id);
      const workspace = this.config.workspaces.find((w) => w.id === stored.workspaceId);
      const user = facts.get(`${stored.workspaceId}:${stored.run.userId}`) ?? { traits: {}, segments: [] };
      const input = { kind: 'timer' as const, step: timer.step, occurrence: timer.occurrence };
      const { run, effects } = advance(journey.definition, stored.run, input, now.getTime(), engineFacts(user, workspace));
      if (effects.length === 0 && JSON.stringify(run) === JSON.stringify(stored.run)) done.push(timer.id);
      else changes.push({ timerId: timer.id, stored, run, effects });
    }
    const updated = await new RunBatchRepository(m).update(changes);
    const applied = changes.filter((c) => updated.has(c.run.id));
    done.push(...applied.map((c) => c.timerId));
    await new TimerRepository(m).deleteFired(done);
    return applyEffectsBatch(
      m,
      applied.map((c) => ({ workspaceId: c.stored.workspaceId, run: c.run, effects: c.effects })),
      now,
    );
  }

  private async userFacts(m: EntityManager, due: DueTimer[]) {
    const batch = new RunBatchRepository(m);
    const byWorkspace = new Map<string, string[]>();
    for (const { stored } of due) {
      if (!stored) continue;
      const users = byWorkspace.get(stored.workspaceId) ?? [];
      users.push(stored.run.userId);
      byWorkspace.set(stored.workspaceId, users);
    }
    const out = new Map<string, { traits: Record<string, unknown>; segments: string[] }>();
    for (const [workspaceId, users] of byWorkspace) {
      for (const [userId, f] of await batch.userFacts(workspaceId, users)) out.set(`${workspaceId}:${userId}`, f);
    }
    return out;
  }
}

function uniquePairs(due: DueTimer[]): Array<{ journeyId: string; version: number }> {
  const pairs = new Map<string, { journeyId: string; version: number }>();
  for (const { stored } of due)
    if (stored) pairs.set(`${stored.journeyId}:${stored.run.version}`, { journeyId: stored.journeyId, version: stored.run.version });
  return [...pairs.values()];
}
