import { ValidationFailed } from '@cairn/core';
import { clientInstant, hostileJson, hostileScalar, instant } from '@cairn/testing';
import fc from 'fast-check';
import { advance, createRun, EngineFacts, EngineInput, JourneyDefinition, JourneyRefs, validateJourney } from '@cairn/journeys-domain';

/** The references the generated journeys may name (every other one is unknown). */
const refs = (): JourneyRefs => ({
  segmentExists: (k) => k === 'vip',
  templateExists: (k) => k === 'cart-reminder',
  channelExists: (k) => k === 'kakao',
  couponPoolExists: (k) => k === 'welcome-back',
});

/**
 * Properties of the journey rules under hostile input: validation answers
 * every body with a journey or a ValidationFailed naming fields (never
 * another error, which the API would turn into a 500), and a journey it
 * accepts never makes the engine throw or schedule an instant a Date cannot
 * hold, whatever events, timers, times and zones come later.
 */
const STEP_IDS = ['a', 'b', 'c', 'd'];
/** Mostly a plausible value, sometimes a hostile one. */
const mostly = <T>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<unknown> = hostileScalar): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: hostile });
const anyTarget = fc.constantFrom(...STEP_IDS, null);

/** A step whose main path goes to `next` (so every step is reachable), with other paths anywhere (loops included). */
function step(next: string | null): fc.Arbitrary<unknown> {
  const other = mostly(anyTarget);
  return fc.oneof(
    fc.record({ type: fc.constant('wait'), duration: mostly(fc.constantFrom('30s', '1m', '2h', '7d', '730d')), next: mostly(fc.constant(next)) }),
    fc.record({ type: fc.constant('wait'), until: mostly(fc.constantFrom('10:00', '00:00', '23:59')), next: mostly(fc.constant(next)) }),
    fc.record(
      {
        type: fc.constant('waitUntil'),
        event: mostly(fc.constantFrom('Order Completed', 'Product Added')),
        match: fc.option(mostly(fc.constantFrom({ cartId: '{{ entry.properties.cartId }}' }, { cartId: '{{ entry.properties.missing }}' }), hostileJson), {
          nil: undefined,
        }),
        timeout: mostly(fc.constantFrom('30s', '1m', '1h', '3d')),
        onEvent: mostly(fc.constant(next)),
        onTimeout: other,
      },
      { requiredKeys: ['type', 'event', 'timeout', 'onEvent', 'onTimeout'] },
    ),
    fc.record({
      type: fc.constant('branch'),
      if: mostly(
        fc.constantFrom({ segment: 'vip' }, { trait: 'tier', op: 'eq', value: 'gold' }, { any: [{ segment: 'vip' }, { trait: 'x', op: 'exists' }] }),
        hostileJson,
      ),
      then: mostly(fc.constant(next)),
      else: other,
    }),
    fc.record({
      type: fc.constant('split'),
      paths: mostly(
        fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 100 }), anyTarget).map(([w1, w2, t]) => [
          { weight: w1, next },
          { weight: w2, next: t },
        ]),
        hostileJson,
      ),
    }),
    fc.record(
      {
        type: fc.constant('send'),
        channel: mostly(fc.constant('kakao')),
        template: mostly(fc.constant('cart-reminder')),
        category: mostly(fc.constantFrom('promotional', 'transactional')),
        coupon: fc.option(mostly(fc.constant({ pool: 'welcome-back' }), hostileJson), { nil: undefined }),
        next: mostly(fc.constant(next)),
      },
      { requiredKeys: ['type', 'channel', 'template', 'category', 'next'] },
    ),
    fc.constant({ type: 'exit' }),
    hostileJson,
  );
}

const steps = fc
  .integer({ min: 1, max: 4 })
  .chain((n) =>
    fc
      .tuple(...STEP_IDS.slice(0, n).map((_, i) => step(i + 1 < n ? STEP_IDS[i + 1] : null)))
      .map((list) => Object.fromEntries(list.map((s, i) => [STEP_IDS[i], s]))),
  );

const journeyBody = fc.record(
  {
    key: mostly(fc.constant('j')),
    name: mostly(fc.constant('J')),
    entry: mostly(
      fc.oneof(
        fc.constant({ event: 'Product Added' }),
        fc.record({ event: fc.constant('Product Added'), maxEventAge: mostly(fc.constantFrom('1h', '7d')) }),
        fc.constant({ segment: 'vip', on: 'enter' }),
        fc.record({ schedule: mostly(fc.constantFrom('0 10 * * MON', '*/5 * * * *')), segment: fc.constant('vip') }),
      ),
      hostileJson,
    ),
    reentry: mostly(
      fc.oneof(
        fc.constant({ mode: 'always' }),
        fc.constant({ mode: 'once' }),
        fc.record({ mode: fc.constant('cooldown'), cooldown: mostly(fc.constantFrom('1d', '1h')) }),
      ),
      hostileJson,
    ),
    exitOn: mostly(fc.constant([{ event: 'Order Completed' }]), hostileJson),
    goal: mostly(fc.record({ event: fc.constant('Order Completed'), within: mostly(fc.constantFrom('3d', '1h')) }), hostileJson),
    holdout: mostly(fc.constantFrom(0, 0.1, 0.5)),
    start: mostly(fc.constant('a')),
    steps: mostly(steps, hostileJson),
  },
  { requiredKeys: ['key', 'name', 'entry', 'start', 'steps'] },
);

function validateOrProblems(body: unknown): JourneyDefinition | undefined {
  try {
    return validateJourney(body, refs());
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    expect(error.fields.length).toBeGreaterThan(0);
    return undefined;
  }
}

const input: fc.Arbitrary<EngineInput> = fc.oneof(
  fc.record({ kind: fc.constant('timer' as const), step: fc.constantFrom(...STEP_IDS, 'zz'), occurrence: fc.integer({ min: 0, max: 3 }) }),
  fc.record({
    kind: fc.constant('event' as const),
    event: fc.record({
      name: fc.constantFrom('Order Completed', 'Product Added', 'Other'),
      at: clientInstant,
      properties: fc.dictionary(fc.constantFrom('cartId', 'x'), hostileJson, { maxKeys: 2 }),
    }),
  }),
);

describe('journey rules under hostile input', () => {
  it('answers any JSON body with a journey or field problems, never another error', () => {
    fc.assert(
      fc.property(hostileJson, (body) => void validateOrProblems(body)),
      { numRuns: 500 },
    );
  });

  it('answers journey-shaped bodies with hostile fields with a journey or field problems, never another error', () => {
    fc.assert(
      fc.property(journeyBody, (body) => void validateOrProblems(body)),
      { numRuns: 2_000 },
    );
  });

  it('never makes the engine throw or schedule an instant out of range for a journey it accepted', () => {
    const zones = fc.constantFrom('Asia/Seoul', 'UTC', 'America/New_York', 'Pacific/Kiritimati', 'Australia/Lord_Howe');
    fc.assert(
      fc.property(journeyBody, fc.array(input, { maxLength: 8 }), instant, zones, fc.boolean(), (body, inputs, start, timezone, answer) => {
        const def = validateOrProblems(body);
        if (!def) return;
        const facts: EngineFacts = { timezone, evaluateCondition: () => answer };
        const entry = { kind: 'event' as const, event: 'Product Added', properties: { cartId: 'c1' }, at: start };
        let run = createRun(def, { id: 'r', version: 1, userId: 'u', episode: 1, context: { entry, user: {} } }, start);
        let now = start;
        for (const next of [{ kind: 'start' } as EngineInput, ...inputs]) {
          now += 60_000;
          const result = advance(def, run, next, now, facts);
          for (const effect of result.effects) {
            if (effect.type === 'scheduleTimer') expect(new Date(effect.dueAt).toISOString()).toMatch(/^\d{4}-/);
          }
          run = result.run;
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
