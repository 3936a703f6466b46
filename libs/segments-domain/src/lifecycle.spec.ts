import { conditionSpecHelpers, evaluate, prune, retentionFor, type UserState } from '@cairn/conditions';
import { ValidationFailed } from '@cairn/core';
import { LIFECYCLE_STAGES, lifecycleSegments, ORDER_COMPLETED, SIGNED_IN, type LifecycleStage, type LifecycleThresholds } from './lifecycle';
import { validateSegmentDefinition } from './validate-definition';

const { DAY, noSegments, seededRandom, T0, withEvents } = conditionSpecHelpers;

function stagesAt(stages: ReturnType<typeof lifecycleSegments>, state: UserState, now: number): LifecycleStage[] {
  return LIFECYCLE_STAGES.filter((stage) => evaluate(stages[stage].condition, state, now, noSegments).value);
}

interface History {
  state: UserState;
  /** Instants worth checking: every occurrence and every threshold, ±1 ms. */
  edges: number[];
}

function randomHistory(random: () => number, quietMs: number): History {
  const events: Array<[string, number]> = [];
  const horizon = 200 * DAY;
  const orders = Math.floor(random() * 6);
  const signIns = Math.floor(random() * 6);
  for (let i = 0; i < orders; i++) events.push([ORDER_COMPLETED, T0 + Math.floor(random() * horizon)]);
  for (let i = 0; i < signIns; i++) events.push([SIGNED_IN, T0 + Math.floor(random() * horizon)]);
  // Events arrive in random order, so late ones are inserted in the past.
  events.sort(() => random() - 0.5);
  const edges = events.flatMap(([, at]) => [at, at + quietMs].flatMap((e) => [e - 1, e, e + 1]));
  for (let i = 0; i < 10; i++) edges.push(T0 + Math.floor(random() * (horizon + 2 * quietMs)) - quietMs);
  return { state: withEvents(events), edges };
}

describe.each<[string, LifecycleThresholds | undefined]>([
  ['default thresholds', undefined],
  ['7d and 2 orders', { dormantAfter: '7d', loyalOrders: 2 }],
])('lifecycle stages with %s', (_label, thresholds) => {
  const stages = lifecycleSegments(thresholds);
  const quietMs = (thresholds?.dormantAfter === '7d' ? 7 : 30) * DAY;
  const retention = retentionFor(LIFECYCLE_STAGES.map((s) => stages[s].condition));

  it('puts every user in exactly one stage at every instant, with the same answers after pruning', () => {
    const random = seededRandom(20260101);
    const failures: unknown[] = [];
    for (let h = 0; h < 300; h++) {
      const { state, edges } = randomHistory(random, quietMs);
      for (const now of edges) {
        const held = stagesAt(stages, state, now);
        if (held.length !== 1) failures.push({ history: h, now, held });
        const pruned = prune(state, retention, now - Math.floor(random() * 3 * quietMs));
        for (const stage of LIFECYCLE_STAGES) {
          const full = evaluate(stages[stage].condition, state, now, noSegments);
          const kept = evaluate(stages[stage].condition, pruned, now, noSegments);
          if (full.value !== kept.value || full.nextChangeAt !== kept.nextChangeAt) failures.push({ history: h, now, stage, full, kept });
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('never changes a stage before the nextChangeAt it reported', () => {
    const random = seededRandom(7);
    const failures: unknown[] = [];
    for (let h = 0; h < 150; h++) {
      const { state, edges } = randomHistory(random, quietMs);
      for (const now of edges) {
        for (const stage of LIFECYCLE_STAGES) {
          const { value, nextChangeAt } = evaluate(stages[stage].condition, state, now, noSegments);
          // The answer can only change at an edge, so checking every edge before nextChangeAt is exhaustive.
          const changed = edges.filter(
            (e) => e > now && (nextChangeAt === null || e < nextChangeAt) && evaluate(stages[stage].condition, state, e, noSegments).value !== value,
          );
          if (changed.length > 0) failures.push({ history: h, stage, now, nextChangeAt, changed });
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('are valid segment definitions', () => {
    for (const stage of LIFECYCLE_STAGES) {
      expect(validateSegmentDefinition(stages[stage], { segmentExists: () => false })).toEqual(stages[stage]);
    }
  });
});

describe('lifecycle transitions', () => {
  const stages = lifecycleSegments();
  const lastOrder = T0 + 10 * DAY;
  const ordered = withEvents([
    [ORDER_COMPLETED, T0],
    [ORDER_COMPLETED, lastOrder],
  ]);

  it('moves from prospect to new at the first order', () => {
    const first = withEvents([[ORDER_COMPLETED, T0]]);
    expect(stagesAt(stages, first, T0 - 1)).toEqual(['prospect']);
    expect(stagesAt(stages, first, T0)).toEqual(['new']);
  });

  it('becomes dormant exactly at last order + 30d, and says so in nextChangeAt', () => {
    expect(stagesAt(stages, ordered, lastOrder + 30 * DAY - 1)).toEqual(['new']);
    expect(stagesAt(stages, ordered, lastOrder + 30 * DAY)).toEqual(['dormant']);
    expect(evaluate(stages.dormant.condition, ordered, lastOrder + DAY, noSegments)).toEqual({
      value: false,
      nextChangeAt: lastOrder + 30 * DAY,
    });
  });

  it('moves a dormant user who signs in to returning, and back to dormant 30d later', () => {
    const signIn = lastOrder + 45 * DAY;
    const signedIn = withEvents([[SIGNED_IN, signIn]], ordered);
    expect(stagesAt(stages, signedIn, signIn - 1)).toEqual(['dormant']);
    expect(stagesAt(stages, signedIn, signIn)).toEqual(['returning']);
    expect(evaluate(stages.returning.condition, signedIn, signIn, noSegments).nextChangeAt).toBe(signIn + 30 * DAY);
    expect(stagesAt(stages, signedIn, signIn + 30 * DAY)).toEqual(['dormant']);
  });

  it('moves a returning user who orders again to loyal at the third order', () => {
    const again = withEvents(
      [
        [SIGNED_IN, lastOrder + 45 * DAY],
        [ORDER_COMPLETED, lastOrder + 46 * DAY],
      ],
      ordered,
    );
    expect(stagesAt(stages, again, lastOrder + 46 * DAY)).toEqual(['loyal']);
  });

  it('refuses thresholds that cannot partition users', () => {
    expect(() => lifecycleSegments({ dormantAfter: '30d', loyalOrders: 1 })).toThrow(ValidationFailed);
    expect(() => lifecycleSegments({ dormantAfter: 'a month', loyalOrders: 3 })).toThrow(ValidationFailed);
  });
});

describe('returning: what the condition language can and cannot say (README, "Lifecycle stages")', () => {
  const stages = lifecycleSegments();

  it('moves a dormant customer to returning at the next sign-in, and back to dormant after dormantAfter without one', () => {
    const state = withEvents([
      [ORDER_COMPLETED, T0],
      [SIGNED_IN, T0 + 40 * DAY],
    ]);
    expect(stagesAt(stages, state, T0 + 40 * DAY - 1)).toEqual(['dormant']);
    expect(stagesAt(stages, state, T0 + 40 * DAY)).toEqual(['returning']);
    expect(stagesAt(stages, state, T0 + 70 * DAY - 1)).toEqual(['returning']);
    expect(stagesAt(stages, state, T0 + 70 * DAY)).toEqual(['dormant']);
  });

  it('limitation: a customer who kept signing in is "returning" once the last order is dormantAfter old, without ever having been dormant', () => {
    const state = withEvents([
      [ORDER_COMPLETED, T0],
      [SIGNED_IN, T0 + 26 * DAY],
    ]);
    expect(stagesAt(stages, state, T0 + 30 * DAY - 1)).toEqual(['new']);
    expect(stagesAt(stages, state, T0 + 30 * DAY)).toEqual(['returning']); // signed in 4 days ago: never dormant
    expect(stagesAt(stages, state, T0 + 56 * DAY)).toEqual(['dormant']); // first dormant here, 30 days after that sign-in
  });
});
