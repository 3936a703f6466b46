import { Conflict } from '@cairn/core';
import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JourneyRepository } from '../../definitions/journey.repository';
import { RunRepository } from '../run.repository';
import { engineFacts, stepRun } from '../run-stepper';

interface DueTimer {
  id: string;
  runId: string;
  step: string;
  occurrence: number;
}

export const TIMER_BATCH = 500;

/**
 * Claims a batch of due timers (FOR UPDATE SKIP LOCKED, so replicas share the
 * work) and fires each through the engine in one transaction. A timer whose
 * run changed concurrently stays pending and is retried on the next pass.
 */
@Injectable()
export class FireDueTimersUseCase {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  /** Returns how many timers were claimed. */
  async execute(limit = TIMER_BATCH): Promise<number> {
    const now = this.platform.clock.now();
    const { claimed, queued } = await this.platform.dataSource.transaction(async (m) => {
      const due: DueTimer[] = await m.query(
        `SELECT id, run_id AS "runId", step, occurrence FROM journeys.timers
         WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, limit],
      );
      const fired: string[] = [];
      let total = 0;
      for (const timer of due) {
        const result = await this.fire(m, timer, now);
        if (result === undefined) continue;
        fired.push(timer.id);
        total += result;
      }
      await m.query(`UPDATE journeys.timers SET status = 'fired' WHERE id = ANY($1::bigint[])`, [fired]);
      return { claimed: due.length, queued: total };
    });
    if (queued > 0) this.platform.outbox.nudge();
    return claimed;
  }

  /** Requests queued, or undefined when the run changed under us. */
  private async fire(m: EntityManager, timer: DueTimer, now: Date): Promise<number | undefined> {
    const runs = new RunRepository(m);
    const stored = await runs.byId(timer.runId);
    if (!stored) return 0;
    const [journey] = await new JourneyRepository(m).versions([{ journeyId: stored.journeyId, version: stored.run.version }]);
    if (!journey) return 0;
    const user = await runs.userFacts(stored.workspaceId, stored.run.userId);
    const workspace = this.platform.config.workspaces.find((w) => w.id === stored.workspaceId);
    try {
      const input = { kind: 'timer' as const, step: timer.step, occurrence: timer.occurrence };
      return (await stepRun(m, journey, stored, input, now, engineFacts(user, workspace))).queued;
    } catch (error) {
      if (error instanceof Conflict) return undefined;
      throw error;
    }
  }
}
