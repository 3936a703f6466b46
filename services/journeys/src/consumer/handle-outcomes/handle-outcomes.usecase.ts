import { MessageOutcome } from '@cairn/contracts';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SendRepository } from '../../runs/send.repository';
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
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: HandleOutcomesCommand): Promise<void> {
    const latest = new Map<string, MessageOutcome>();
    for (const value of command.outcomes) latest.set(`${value.workspaceId}\u0000${value.idempotencyKey}`, value);
    if (latest.size === 0) return;
    await new SendRepository(this.dataSource.manager).recordOutcomes(
      [...latest.values()].map((o) => ({
        workspaceId: o.workspaceId,
        idempotencyKey: o.idempotencyKey,
        status: o.status.toLowerCase(),
        reason: o.reason ?? null,
      })),
    );
  }
}
