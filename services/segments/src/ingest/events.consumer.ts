import { TOPICS, type BehaviourEvent } from '@cairn/contracts';
import type { ConsumedMessage } from '@cairn/kafka';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { IngestEventsUseCase } from './ingest-events/ingest-events.usecase';

/** Consumes `cairn.events.v1` in batches (one partition each). */
@Controller()
export class EventsConsumer {
  constructor(private readonly ingest: IngestEventsUseCase) {}

  @EventPattern(TOPICS.events)
  async handle(@Payload() messages: ConsumedMessage<BehaviourEvent>[]): Promise<void> {
    await this.ingest.execute({ events: messages.map((m) => m.value) });
  }
}
