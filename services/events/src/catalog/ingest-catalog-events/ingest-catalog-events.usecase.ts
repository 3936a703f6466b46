import { CatalogEvent, catalogEventKey, TOPICS } from '@cairn/contracts';
import { childSpan, formatTraceparent } from '@cairn/observability';
import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AcceptanceWriter } from '../../acceptance/acceptance-writer';
import { AcceptedMessage } from '../../acceptance/accepted-messages.repository';
import { correctTimestamp } from '../../ingest/event-time';
import { IngestRateLimiter } from '../../rate-limit/ingest-rate-limiter';
import { IngestCatalogEventsCommand } from './ingest-catalog-events.command';

/** Accepts catalog events like behaviour events (rate, dedupe, outbox) onto cairn.catalog-events.v1 keyed by item. */
@Injectable()
export class IngestCatalogEventsUseCase {
  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly limiter: IngestRateLimiter,
    private readonly acceptance: AcceptanceWriter,
  ) {}

  async execute(command: IngestCatalogEventsCommand): Promise<{ published: number }> {
    const { workspace, events } = command;
    this.limiter.admit(workspace, events.length);
    const receivedAt = this.platform.clock.now();
    const headers = { traceparent: formatTraceparent(childSpan()) };
    const messages: AcceptedMessage[] = events.map((e) => {
      const event: CatalogEvent = {
        v: 1,
        workspaceId: workspace.id,
        messageId: e.messageId ?? randomUUID(),
        event: e.event,
        itemId: e.itemId,
        ...(e.properties !== undefined && { properties: e.properties }),
        timestamp: correctTimestamp(receivedAt, e.timestamp, e.sentAt).timestamp,
        receivedAt: receivedAt.toISOString(),
      };
      return { messageId: event.messageId, message: { topic: TOPICS.catalogEvents, key: catalogEventKey(event), value: JSON.stringify(event), headers } };
    });
    const published = await this.acceptance.accept({ workspaceId: workspace.id, stream: 'catalog', receivedAt, messages });
    if (published > 0) this.platform.outbox.nudge();
    return { published };
  }
}
