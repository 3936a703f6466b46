import { durationProblem, ValidationFailed, type Duration, type FieldProblem } from '@cairn/core';
import type { Condition } from '@cairn/conditions';
import type { SegmentDefinition } from './validate-definition';

export const ORDER_COMPLETED = 'Order Completed';
export const SIGNED_IN = 'Signed In';

export interface LifecycleThresholds {
  /** Quiet time after the last order before a customer counts as dormant. */
  dormantAfter: Duration;
  /** Orders (ever) from which a customer is loyal rather than new; at least 2. */
  loyalOrders: number;
}

export const DEFAULT_LIFECYCLE_THRESHOLDS: LifecycleThresholds = { dormantAfter: '30d', loyalOrders: 3 };

export const LIFECYCLE_STAGES = ['prospect', 'new', 'loyal', 'dormant', 'returning'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

function checkThresholds(t: LifecycleThresholds): void {
  const problems: FieldProblem[] = [];
  const dormant = durationProblem(t.dormantAfter);
  if (dormant) problems.push({ path: 'dormantAfter', message: dormant });
  if (!Number.isSafeInteger(t.loyalOrders) || t.loyalOrders < 2) {
    problems.push({ path: 'loyalOrders', message: 'expected an integer of at least 2' });
  }
  if (problems.length > 0) throw new ValidationFailed(problems);
}

/**
 * The ready-made lifecycle stages. For every user at every instant exactly
 * one holds:
 * - `prospect`: never completed an order;
 * - `new`: 1 to loyalOrders-1 orders ever, the last one newer than dormantAfter;
 * - `loyal`: at least loyalOrders orders, the last one newer than dormantAfter;
 * - `dormant`: ordered, last order at least dormantAfter ago, no `Signed In`
 *   within dormantAfter;
 * - `returning`: ordered, last order at least dormantAfter ago, and a
 *   `Signed In` within dormantAfter. This is "signed in recently, ordered
 *   long ago", not "came back after being dormant": a customer who signed in
 *   shortly before the dormancy point is `returning` without having been
 *   `dormant` (the condition language cannot relate a sign-in to the last
 *   order; see the service README, "Lifecycle stages").
 * They partition users because `newerThan`/`olderThan` split at the same
 * instant, the order counts split at loyalOrders, and "no sign-in within"
 * is `count: { max: 0 }` of the same window as "a sign-in within".
 */
export function lifecycleSegments(thresholds: LifecycleThresholds = DEFAULT_LIFECYCLE_THRESHOLDS): Record<LifecycleStage, SegmentDefinition> {
  checkThresholds(thresholds);
  const { dormantAfter: quiet, loyalOrders } = thresholds;
  const recentOrder: Condition = { event: ORDER_COMPLETED, lastAt: { newerThan: quiet } };
  const quietSinceOrder: Condition = { event: ORDER_COMPLETED, lastAt: { olderThan: quiet } };
  return {
    prospect: {
      key: 'prospect',
      name: 'Prospect: never ordered',
      condition: { event: ORDER_COMPLETED, count: { max: 0 } },
    },
    new: {
      key: 'new',
      name: `New: 1 to ${loyalOrders - 1} orders, last one within ${quiet}`,
      condition: { all: [{ event: ORDER_COMPLETED, count: { min: 1, max: loyalOrders - 1 } }, recentOrder] },
    },
    loyal: {
      key: 'loyal',
      name: `Loyal: ${loyalOrders}+ orders, last one within ${quiet}`,
      condition: { all: [{ event: ORDER_COMPLETED, count: { min: loyalOrders } }, recentOrder] },
    },
    dormant: {
      key: 'dormant',
      name: `Dormant: no order and no sign-in for ${quiet}`,
      condition: { all: [quietSinceOrder, { event: SIGNED_IN, count: { max: 0 }, within: quiet }] },
    },
    returning: {
      key: 'returning',
      name: `Returning: no order for ${quiet}, but signed in within ${quiet}`,
      condition: { all: [quietSinceOrder, { event: SIGNED_IN, within: quiet }] },
    },
  };
}
