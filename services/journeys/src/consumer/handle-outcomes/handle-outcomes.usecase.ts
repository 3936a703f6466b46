import { MessageOutcome } from '@cairn/contracts';
import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { HandleOutcomesCommand } from './handle-outcomes.command';

/**
 * Records what messaging made of each request (sent, failed, suppressed or
 * deferred, with the reason) on the send it belongs to, for the stats. One
 * set-based update per batch: of several outcomes of one send in a batch the
 * last wins (one partition keeps a user's order); applying an outcome twice
 * changes nothing.
 */
@Injectable()
export class HandleOutcomesUseCase {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  async execute(command: HandleOutcomesCommand): Promise<void> {
    const latest = new Map<string, MessageOutcome>();
    for (const value of command.outcomes) latest.set(`${value.workspaceId}\u0000${value.idempotencyKey}`, value);
    if (latest.size === 0) return;
    const rows = [...latest.values()].map((o) => ({ w: o.workspaceId, k: o.idempotencyKey, s: o.status.toLowerCase(), r: o.reason ?? null }));
    await this.platform.dataSource.query(
      `UPDATE journeys.sends s SET status = x.s, reason = x.r
       FROM jsonb_to_recordset($1::jsonb) AS x(w text, k text, s text, r text), journeys.runs r
       WHERE s.idempotency_key = x.k AND r.id = s.run_id AND r.workspace_id = x.w`,
      [JSON.stringify(rows)],
    );
  }
}
