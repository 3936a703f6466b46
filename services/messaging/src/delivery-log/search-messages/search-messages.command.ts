import { MessageStatus } from '@cairn/contracts';

/** `GET /v1/messages/search`: one page of the delivery log, newest first, filtered. */
export interface SearchMessagesCommand {
  workspaceId: string;
  userId?: string;
  journey?: string;
  status?: MessageStatus;
  reason?: string;
  channel?: string;
  /** The `next` cursor of the previous page. */
  before?: { createdAt: Date; seq: string };
  limit: number;
}
