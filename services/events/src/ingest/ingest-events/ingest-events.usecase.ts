import { BehaviourEvent, eventKey, TOPICS } from '@cairn/contracts';
import { Clock, CLOCK, FieldProblem, ValidationFailed } from '@cairn/core';
import { childSpan, formatTraceparent, Logger } from '@cairn/observability';
import { LOGGER, OUTBOX } from '@cairn/runtime';
import { OutboxRelay } from '@cairn/kafka';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AcceptanceWriter } from '../../acceptance/acceptance-writer';
import { AcceptedMessage } from '../../acceptance/accepted-messages.repository';
import { IngestRateLimiter } from '../../rate-limit/ingest-rate-limiter';
import { correctTimestamp } from '../event-time';
import { TrackingEventDto } from '../tracking-event.dto';
import { IngestEventsCommand } from './ingest-events.command';

const OPTIONAL_FIELDS = ['userId', 'anonymousId', 'event', 'name', 'previousId', 'groupId', 'properties', 'traits', 'context'] as const;

export type BuiltEvent = { event: BehaviourEvent; clampedFrom?: string } | { refused: string };

/** Builds the published form of one event (contract of cairn.events.v1), or says why its time is refused. */
export function toBehaviourEvent(workspaceId: string, e: TrackingEventDto, receivedAt: Date, batchSentAt?: string): BuiltEvent {
  const time = correctTimestamp(receivedAt, e.timestamp ?? e.originalTimestamp, e.sentAt ?? batchSentAt);
  if ('refused' in time) return time;
  // Plain assignments, no spread of temporary objects: this runs for every event ingested.
  const event: BehaviourEvent = {
    v: 1,
    workspaceId,
    messageId: e.messageId ?? randomUUID(),
    type: e.type,
    timestamp: time.timestamp,
    receivedAt: receivedAt.toISOString(),
  };
  for (const field of OPTIONAL_FIELDS) if (e[field] !== undefined) (event as unknown as Record<string, unknown>)[field] = e[field];
  return time.clampedFrom ? { event, clampedFrom: time.clampedFrom } : { event };
}

function timestampPath(at: string | undefined, e: TrackingEventDto): string {
  const field = e.timestamp === undefined && e.originalTimestamp !== undefined ? 'originalTimestamp' : 'timestamp';
  return at ? `${at}.${field}` : field;
}

/**
 * Accepts behaviour events: their times (a timestamp that skew-corrects to before
 * 2000 refuses the request, naming the field), rate limit, then in ONE statement
 * (atomic, shared with the requests in flight at the same time: AcceptanceWriter)
 * claim their message ids and write the new ones to the outbox; after commit the
 * relay publishes them to cairn.events.v1 keyed by user. identify (with both ids)
 * and alias events are the identity links consumers merge on.
 */
@Injectable()
export class IngestEventsUseCase {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
    private readonly limiter: IngestRateLimiter,
    private readonly acceptance: AcceptanceWriter,
  ) {}

  async execute(command: IngestEventsCommand): Promise<{ accepted: number; published: number }> {
    const { workspace, events, sentAt } = command;
    const receivedAt = this.clock.now();
    const refused: FieldProblem[] = [];
    const messages: AcceptedMessage[] = [];
    // The request's own trace travels with its events (requests written together by one statement keep theirs).
    const headers = { traceparent: formatTraceparent(childSpan()) };
    events.forEach((dto, i) => {
      const built = toBehaviourEvent(workspace.id, dto, receivedAt, sentAt);
      if ('refused' in built) return void refused.push({ path: timestampPath(command.at?.[i], dto), message: built.refused });
      const { event, clampedFrom } = built;
      if (clampedFrom) this.logger.warn({ workspaceId: workspace.id, messageId: event.messageId, clampedFrom }, 'future timestamp clamped to receivedAt');
      messages.push({ messageId: event.messageId, message: { topic: TOPICS.events, key: eventKey(event), value: JSON.stringify(event), headers } });
    });
    if (refused.length) throw new ValidationFailed(refused);
    this.limiter.admit(workspace, events.length);
    const published = await this.acceptance.accept({ workspaceId: workspace.id, stream: 'events', receivedAt, messages });
    if (published > 0) this.outbox.nudge();
    return { accepted: events.length, published };
  }
}
