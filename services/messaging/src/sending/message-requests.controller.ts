import { MessageRequest, TOPICS } from '@cairn/contracts';
import { ConsumedMessage } from '@cairn/kafka';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { HandleMessageRequestsUseCase } from './handle-message-requests.usecase';

@Controller()
export class MessageRequestsConsumer {
  constructor(private readonly handleRequests: HandleMessageRequestsUseCase) {}

  @EventPattern(TOPICS.messageRequests)
  async handle(@Payload() messages: ConsumedMessage<MessageRequest>[]): Promise<void> {
    await this.handleRequests.execute(messages.map((m) => m.value));
  }
}
