import { MessageOutcome } from '@cairn/contracts';
import { ConsumedMessage } from '@cairn/kafka';
import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';

/**
 * Records what messaging made of each request (sent, failed, suppressed or
 * deferred, with the reason) on the send it belongs to, for the stats. One
 * set-based update per batch; applying an outcome twice changes nothing.
 */
@Injectable()
export class HandleOutcomesUseCase {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  async execute(messages: ConsumedMessage<MessageOutcome>[]): Promise<void> {
    const outcomes = messages.map((x) => x.value);
    await this.platform.dataSource.transaction(async (m) => {
      // Later outcomes of one key win: apply in order (one partition keeps a user's order).
      for (const o of outcomes) {
        await m.query(
          `UPDATE journeys.sends s SET status = $3, reason = $4 FROM journeys.runs r
           WHERE s.idempotency_key = $2 AND r.id = s.run_id AND r.workspace_id = $1`,
          [o.workspaceId, o.idempotencyKey, o.status.toLowerCase(), o.reason ?? null],
        );
      }
    });
  }
}
