import { BehaviourEvent, eventKey, TOPICS } from '@cairn/contracts';
import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AcceptedMessage, acceptNewMessages } from '../../acceptance/accepted-messages.repository';
import { IngestRateLimiter } from '../../rate-limit/ingest-rate-limiter';
import { correctTimestamp } from '../event-time';
import { TrackingEventDto } from '../tracking-event.dto';
import { IngestEventsCommand } from './ingest-events.command';

/** Builds the published form of one event (contract of cairn.events.v1). */
export function toBehaviourEvent(workspaceId: string, e: TrackingEventDto, receivedAt: Date, batchSentAt?: string): BehaviourEvent & { clampedFrom?: string } {
  const time = correctTimestamp(receivedAt, e.timestamp ?? e.originalTimestamp, e.sentAt ?? batchSentAt);
  const event: BehaviourEvent & { clampedFrom?: string } = {
    v: 1,
    workspaceId,
    messageId: e.messageId ?? randomUUID(),
    type: e.type,
    ...(e.userId !== undefined && { userId: e.userId }),
    ...(e.anonymousId !== undefined && { anonymousId: e.anonymousId }),
    ...(e.event !== undefined && { event: e.event }),
    ...(e.name !== undefined && { name: e.name }),
    ...(e.previousId !== undefined && { previousId: e.previousId }),
    ...(e.groupId !== undefined && { groupId: e.groupId }),
    ...(e.properties !== undefined && { properties: e.properties }),
    ...(e.traits !== undefined && { traits: e.traits }),
    ...(e.context !== undefined && { context: e.context }),
    timestamp: time.timestamp,
    receivedAt: receivedAt.toISOString(),
  };
  if (time.clampedFrom) event.clampedFrom = time.clampedFrom;
  return event;
}

/**
 * Accepts behaviour events: rate limit, then in ONE statement (atomic) claim their
 * message ids and write the new ones to the outbox; after commit the relay
 * publishes them to cairn.events.v1 keyed by user. identify (with both ids)
 * and alias events are the identity links consumers merge on.
 */
@Injectable()
export class IngestEventsUseCase {
  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly limiter: IngestRateLimiter,
  ) {}

  async execute(command: IngestEventsCommand): Promise<{ accepted: number; published: number }> {
    const { workspace, events, sentAt } = command;
    this.limiter.admit(workspace, events.length);
    const receivedAt = this.platform.clock.now();
    const messages: AcceptedMessage[] = events.map((dto) => {
      const { clampedFrom, ...event } = toBehaviourEvent(workspace.id, dto, receivedAt, sentAt);
      if (clampedFrom) this.platform.logger.warn({ workspaceId: workspace.id, messageId: event.messageId, clampedFrom }, 'future timestamp clamped to receivedAt');
      return { messageId: event.messageId, message: { topic: TOPICS.events, key: eventKey(event), value: JSON.stringify(event) } };
    });
    const published = await acceptNewMessages(this.platform.dataSource, workspace.id, 'events', receivedAt, messages);
    if (published > 0) this.platform.outbox.nudge();
    return { accepted: events.length, published };
  }
}
