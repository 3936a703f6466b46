import { ChannelDefinition } from '../channel';

export interface CreateChannelCommand {
  workspaceId: string;
  /** A validated channel (its write-only fields in plaintext, as the API takes them). */
  channel: ChannelDefinition;
}
