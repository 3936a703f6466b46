import { FrequencyPolicy } from '../../domain';

export interface PutPolicyCommand {
  workspaceId: string;
  /** A validated policy. */
  policy: FrequencyPolicy;
}
