import { TOPICS, UserErasure } from '@cairn/contracts';
import { ConsumedMessage } from '@cairn/kafka';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EraseUserUseCase } from './erase-user/erase-user.usecase';

/** `cairn.user-erasures.v1`: each consumed batch goes to EraseUserUseCase (the events service's only consumer). */
@Controller()
export class UserErasuresConsumer {
  constructor(private readonly erase: EraseUserUseCase) {}

  @EventPattern(TOPICS.userErasures)
  async handle(@Payload() messages: ConsumedMessage<UserErasure>[]): Promise<void> {
    await this.erase.execute({ erasures: messages.map((m) => m.value) });
  }
}
