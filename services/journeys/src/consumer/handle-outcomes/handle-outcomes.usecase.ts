import { MessageOutcome, RECEIPT_STATUSES } from '@cairn/contracts';
import { BatchGroup } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SendRepository } from '../../runs/send.repository';
import { CONSUMER_LANES } from '../consumer-lanes';
import { HandleOutcomesCommand } from './handle-outcomes.command';
import { convertOnMessageEvents } from './message-goals';

const isReceipt = (o: MessageOutcome) => (RECEIPT_STATUSES as readonly string[]).includes(o.status);

/**
 * Records what messaging made of each request on the send it belongs to, for
 * the stats, in one transaction per batch: its decision and delivery (sent,
 * failed, suppressed or deferred, with the reason, and the fallback channel
 * it went through), one set-based update where of several outcomes of one
 * send the last wins (one partition keeps a user's order); then what
 * delivery receipts said (the first time of each kind), and the goals those
 * message events reach (see message-goals.ts). Applying an outcome twice
 * changes nothing.
 */
@Injectable()
export class HandleOutcomesUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Partitions' batches that arrive while CONSUMER_LANES transactions are in flight go together in the next one. */
  private readonly group = new BatchGroup<MessageOutcome>((outcomes) => this.record(outcomes), CONSUMER_LANES);

  async execute(command: HandleOutcomesCommand): Promise<void> {
    if (command.outcomes.length > 0) await this.group.submit(command.outcomes);
  }

  private async record(outcomes: MessageOutcome[]): Promise<void> {
    const latest = new Map<string, MessageOutcome>();
    for (const value of outcomes.filter((o) => !isReceipt(o))) latest.set(`${value.workspaceId}\u0000${value.idempotencyKey}`, value);
    const receipts = outcomes.filter((o) => isReceipt(o) && o.journey);
    if (latest.size === 0 && receipts.length === 0) return;
    await this.dataSource.transaction(async (m) => {
      const sends = new SendRepository(m);
      await sends.recordOutcomes(
        [...latest.values()].map((o) => ({
          workspaceId: o.workspaceId,
          idempotencyKey: o.idempotencyKey,
          status: o.status.toLowerCase(),
          reason: o.reason ?? null,
          fallback: o.fallback?.status === 'SENT' ? o.fallback.channel : null,
        })),
      );
      await sends.recordReceipts(
        receipts.map((o) => ({ workspaceId: o.workspaceId, idempotencyKey: o.idempotencyKey, kind: o.status, bounce: o.bounce ?? null, at: o.at })),
      );
      await convertOnMessageEvents(m, receipts);
    });
  }
}
