import { WorkspaceConfig } from '@cairn/config';
import { SendMessageRequest } from '@cairn/messaging-domain';

/** `POST /v1/send`: a validated body and its Idempotency-Key. */
export interface SendMessageCommand {
  workspace: WorkspaceConfig;
  idempotencyKey: string;
  request: SendMessageRequest;
}
