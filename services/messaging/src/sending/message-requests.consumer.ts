import { MessageRequest, TOPICS } from '@cairn/contracts';
import { ConsumedMessage } from '@cairn/kafka';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { HandleMessageRequestsUseCase } from './handle-message-requests/handle-message-requests.usecase';

/** `cairn.message-requests.v1`: each consumed batch goes to HandleMessageRequestsUseCase. */
@Controller()
export class MessageRequestsConsumer {
  constructor(private readonly handleRequests: HandleMessageRequestsUseCase) {}

  @EventPattern(TOPICS.messageRequests)
  async handle(@Payload() messages: ConsumedMessage<MessageRequest>[]): Promise<void> {
    await this.handleRequests.execute({ requests: messages.map((m) => m.value) });
  }
}
