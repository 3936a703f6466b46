import { MessageRequest } from '@cairn/contracts';

export interface HandleMessageRequestsCommand {
  /** A consumed batch's requests (validated against their contract), in partition order. */
  requests: MessageRequest[];
}
