import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isTestIntent } from '../../sending/test-sends';
import { DeliveryLogRepository, LogRow } from '../delivery-log.repository';
import { encodeCursor } from './log-cursor';
import { SearchMessagesCommand } from './search-messages.command';

/** One delivery log entry, the shape `GET /v1/messages` answers. */
export function logEntry(row: LogRow) {
  return {
    id: row.id,
    userId: row.user_id,
    idempotencyKey: row.idempotency_key,
    journey: row.journey?.key ?? null,
    journeyVersion: row.journey?.version ?? null,
    runId: row.journey?.runId ?? null,
    step: row.journey?.step ?? null,
    channel: row.channel,
    template: row.template,
    category: row.category,
    status: row.status,
    reason: row.reason,
    content: row.content,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
    deferredUntil: row.deferred_until?.toISOString() ?? null,
    test: isTestIntent(row),
  };
}

export interface MessagesPage {
  messages: Array<ReturnType<typeof logEntry>>;
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: string | null;
}

/** A page of the delivery log, newest first, by user, journey, status, reason and channel. */
@Injectable()
export class SearchMessagesUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: SearchMessagesCommand): Promise<MessagesPage> {
    const { workspaceId, ...filter } = command;
    const rows = await new DeliveryLogRepository(this.dataSource.manager).page(workspaceId, filter);
    const page = rows.slice(0, command.limit);
    const last = page[page.length - 1];
    return { messages: page.map(logEntry), next: rows.length > command.limit && last ? encodeCursor(last.created_at, last.seq) : null };
  }
}
