import { BranchCondition, matchesWhere } from '../domain';
import { UserFacts } from './run.repository';

/** true, false, or undefined when journeys cannot know (event conditions need the segments service's history). */
export type Answer = boolean | undefined;

/**
 * Answers a branch condition from what journeys keeps about the user: its
 * segment memberships (from the membership topic) and its traits (identify
 * and membership changes). `all` / `any` / `not` combine with three-valued
 * logic, so an event or recency condition (which only the segments service can
 * answer) makes the result unknown only where it matters: `any` with a true
 * branch is true, `all` with a false branch is false.
 */
export function answerCondition(c: BranchCondition, user: UserFacts): Answer {
  if (Array.isArray(c.all)) return combine(c.all.map((x) => answerCondition(x as BranchCondition, user)), false);
  if (Array.isArray(c.any)) return combine(c.any.map((x) => answerCondition(x as BranchCondition, user)), true);
  if (c.not !== undefined) {
    const inner = answerCondition(c.not as BranchCondition, user);
    return inner === undefined ? undefined : !inner;
  }
  if (typeof c.segment === 'string') return user.segments.includes(c.segment);
  if (typeof c.trait === 'string' && typeof c.op === 'string') {
    const operand = c.op === 'exists' ? (c.value ?? true) : c.value;
    return matchesWhere({ [c.trait]: { [c.op]: operand } as never }, user.traits);
  }
  return undefined;
}

/** `decisive` is the value that settles the group (true for any, false for all). */
function combine(answers: Answer[], decisive: boolean): Answer {
  if (answers.includes(decisive)) return decisive;
  return answers.includes(undefined) ? undefined : !decisive;
}
