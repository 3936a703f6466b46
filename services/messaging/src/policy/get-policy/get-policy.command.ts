import { CompliancePreset } from '@cairn/config';

export interface GetPolicyCommand {
  workspaceId: string;
  /** The workspace's configured preset, the compliance of a workspace without a stored policy. */
  defaultCompliance: CompliancePreset;
}
