import { WorkspaceConfig } from '@cairn/config';
import { resolveTimeZone } from '@cairn/core';
import { BranchCondition, EngineFacts } from '@cairn/journeys-domain';
import { decideBranch } from './branch-condition';
import { UserFacts } from './run.repository';

/** What one step of the engine needs from outside: the user's time zone and segment memberships. */
export function engineFacts(user: UserFacts, workspace: WorkspaceConfig | undefined): EngineFacts {
  return {
    // An invalid `timezone` trait falls back to the workspace's zone (ingest stores traits as sent).
    timezone: resolveTimeZone(user.traits.timezone, workspace?.timezone),
    // Segment and trait conditions are answered from what journeys keeps (see decideBranch).
    evaluateCondition: (c: BranchCondition, now: number) => decideBranch(c, user, now),
  };
}
