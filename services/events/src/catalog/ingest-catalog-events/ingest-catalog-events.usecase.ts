import { CatalogEvent, catalogEventKey, TOPICS } from '@cairn/contracts';
import { Clock, CLOCK, ValidationFailed } from '@cairn/core';
import { childSpan, formatTraceparent } from '@cairn/observability';
import { OUTBOX } from '@cairn/runtime';
import { OutboxRelay } from '@cairn/kafka';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AcceptanceWriter } from '../../acceptance/acceptance-writer';
import { AcceptedMessage } from '../../acceptance/accepted-messages.repository';
import { correctTimestamp } from '../../ingest/event-time';
import { IngestRateLimiter } from '../../rate-limit/ingest-rate-limiter';
import { CatalogEventDto } from '../catalog-event.dto';
import { IngestCatalogEventsCommand } from './ingest-catalog-events.command';

/** Builds the published form of one catalog event (contract of cairn.catalog-events.v1), or says why its time is refused. */
export function toCatalogEvent(workspaceId: string, e: CatalogEventDto, receivedAt: Date): { event: CatalogEvent } | { refused: string } {
  const time = correctTimestamp(receivedAt, e.timestamp, e.sentAt);
  if ('refused' in time) return time;
  const event: CatalogEvent = {
    v: 1,
    workspaceId,
    messageId: e.messageId ?? randomUUID(),
    event: e.event,
    itemId: e.itemId,
    ...(e.properties !== undefined && { properties: e.properties }),
    timestamp: time.timestamp,
    receivedAt: receivedAt.toISOString(),
  };
  return { event };
}

/** Accepts catalog events like behaviour events (time, rate, dedupe, outbox) onto cairn.catalog-events.v1 keyed by item. */
@Injectable()
export class IngestCatalogEventsUseCase {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
    private readonly limiter: IngestRateLimiter,
    private readonly acceptance: AcceptanceWriter,
  ) {}

  async execute(command: IngestCatalogEventsCommand): Promise<{ published: number }> {
    const { workspace, events } = command;
    const receivedAt = this.clock.now();
    const built = events.map((e) => toCatalogEvent(workspace.id, e, receivedAt));
    const refused = built.flatMap((b) => ('refused' in b ? [{ path: 'timestamp', message: b.refused }] : []));
    if (refused.length) throw new ValidationFailed(refused);
    this.limiter.admit(workspace, events.length);
    // The request's own trace travels with its events.
    const headers = { traceparent: formatTraceparent(childSpan()) };
    const messages: AcceptedMessage[] = built.map((b) => {
      const { event } = b as { event: CatalogEvent };
      return { messageId: event.messageId, message: { topic: TOPICS.catalogEvents, key: catalogEventKey(event), value: JSON.stringify(event), headers } };
    });
    const published = await this.acceptance.accept({ workspaceId: workspace.id, stream: 'catalog', receivedAt, messages });
    if (published > 0) this.outbox.nudge();
    return { published };
  }
}
