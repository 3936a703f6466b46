import type { MembershipChange } from '@cairn/contracts';

/** One consumed batch of `cairn.segment-membership.v1` (one partition), in offset order. */
export interface HandleMembershipsCommand {
  changes: MembershipChange[];
}
