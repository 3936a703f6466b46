import { IdentityLink, TOPICS } from '@cairn/contracts';
import { ConsumedMessage } from '@cairn/kafka';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { MergeIdentitiesUseCase } from './merge-identities/merge-identities.usecase';

/** `cairn.identity-links.v1`: each consumed batch goes to MergeIdentitiesUseCase. */
@Controller()
export class IdentityLinksConsumer {
  constructor(private readonly merge: MergeIdentitiesUseCase) {}

  @EventPattern(TOPICS.identityLinks)
  async handle(@Payload() messages: ConsumedMessage<IdentityLink>[]): Promise<void> {
    await this.merge.execute({ links: messages.map((m) => m.value) });
  }
}
