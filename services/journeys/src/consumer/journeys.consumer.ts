import { BehaviourEvent, CatalogEvent, MembershipChange, MessageOutcome, TOPICS } from '@cairn/contracts';
import { ConsumedMessage } from '@cairn/kafka';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { HandleCatalogUseCase } from './handle-catalog/handle-catalog.usecase';
import { HandleEventsUseCase } from './handle-events/handle-events.usecase';
import { HandleOutcomesUseCase } from './handle-outcomes/handle-outcomes.usecase';
import { HandleMembershipsUseCase } from './handle-memberships/handle-memberships.usecase';

/** Consumes the four topics journeys follows, in batches: each call is one validated batch of one partition. */
@Controller()
export class JourneysConsumer {
  constructor(
    private readonly events: HandleEventsUseCase,
    private readonly memberships: HandleMembershipsUseCase,
    private readonly outcomes: HandleOutcomesUseCase,
    private readonly catalog: HandleCatalogUseCase,
  ) {}

  @EventPattern(TOPICS.catalogEvents)
  async handleCatalog(@Payload() messages: ConsumedMessage<CatalogEvent>[]): Promise<void> {
    await this.catalog.execute({ events: messages.map((m) => m.value) });
  }

  @EventPattern(TOPICS.events)
  async handleEvents(@Payload() messages: ConsumedMessage<BehaviourEvent>[]): Promise<void> {
    await this.events.execute({ events: messages.map((m) => m.value) });
  }

  @EventPattern(TOPICS.segmentMembership)
  async handleMemberships(@Payload() messages: ConsumedMessage<MembershipChange>[]): Promise<void> {
    await this.memberships.execute({ changes: messages.map((m) => m.value) });
  }

  @EventPattern(TOPICS.messageOutcomes)
  async handleOutcomes(@Payload() messages: ConsumedMessage<MessageOutcome>[]): Promise<void> {
    await this.outcomes.execute({ outcomes: messages.map((m) => m.value) });
  }
}
