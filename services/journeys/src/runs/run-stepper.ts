import { WorkspaceConfig } from '@cairn/config';
import { BranchCondition, EngineFacts } from '../domain';
import { answerCondition } from './branch-condition';
import { UserFacts } from './run.repository';

/** What one step of the engine needs from outside: the user's time zone and segment memberships. */
export function engineFacts(user: UserFacts, workspace: WorkspaceConfig | undefined): EngineFacts {
  const tz = typeof user.traits.timezone === 'string' ? user.traits.timezone : (workspace?.timezone ?? 'Asia/Seoul');
  return {
    timezone: tz,
    // Segment and trait conditions are answered from what journeys keeps; a condition that stays
    // unknown (it needs event history, which only the segments service has) takes the `else` branch.
    evaluateCondition: (c: BranchCondition) => answerCondition(c, user) === true,
  };
}
