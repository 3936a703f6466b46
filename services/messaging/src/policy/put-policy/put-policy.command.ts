import { FrequencyPolicy } from '@cairn/messaging-domain';

export interface PutPolicyCommand {
  workspaceId: string;
  /** A validated policy. */
  policy: FrequencyPolicy;
}
