import { ValidationFailed } from '@cairn/core';
import { cartAbandonment, readyMadeJourneys } from './ready-made';
import { refs } from './test-fixtures';
import { branchesOnHistory } from './validate-condition';
import { validateJourney } from './validate-journey';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test bodies are edited freely, including into invalid shapes
type Body = Record<string, any>;

/** The cart-abandonment body as JSON, so each case can change it freely. */
function cart(): Body {
  return JSON.parse(JSON.stringify(cartAbandonment()));
}

function withSteps(start: string, steps: Body, base: Body = cart()): Body {
  return { ...base, start, steps };
}

const send = (next: string | null, extra: Body = {}) => ({
  type: 'send',
  channel: 'kakao',
  template: 'cart-reminder',
  category: 'promotional',
  next,
  ...extra,
});

function problems(body: unknown, r = refs()): Array<{ path: string; message: string }> {
  try {
    validateJourney(body, r);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).code).toBe('VALIDATION_FAILED');
    return (error as ValidationFailed).fields;
  }
  throw new Error('expected the journey to be refused');
}

describe('validateJourney', () => {
  it('accepts the cart-abandonment journey and returns it normalised', () => {
    const def = validateJourney(cart(), refs());
    expect(def.key).toBe('cart-abandonment');
    expect(def.entry).toEqual({ event: 'Product Added', maxEventAge: '1h' });
    expect(def.steps['wait-for-order']).toMatchObject({ type: 'waitUntil', onTimeout: 'remind', onEvent: null });
    expect(def.holdout).toBe(0.1);
  });

  it('accepts every ready-made journey, with and without a wait scale', () => {
    for (const body of [...readyMadeJourneys(), ...readyMadeJourneys({ waitScale: 1 / 3600 })]) {
      expect(validateJourney(JSON.parse(JSON.stringify(body)), refs()).key).toBe(body.key);
    }
  });

  it('fills in the defaults: re-entry once, no exits, no holdout', () => {
    const body = { key: 'j', name: 'J', entry: { event: 'Signed Up' }, start: 's', steps: { s: send(null) } };
    expect(validateJourney(body, refs())).toEqual({
      key: 'j',
      name: 'J',
      entry: { event: 'Signed Up' },
      reentry: { mode: 'once' },
      exitOn: [],
      holdout: 0,
      start: 's',
      steps: { s: send(null) },
    });
  });

  it('accepts a loop that passes through a wait and an until wait in local time', () => {
    const body = withSteps('nudge', {
      nudge: send('pause'),
      pause: { type: 'wait', until: '10:00', next: 'check' },
      check: { type: 'branch', if: { segment: 'vip' }, then: 'nudge', else: null },
    });
    expect(() => validateJourney(body, refs())).not.toThrow();
  });

  const cases: Array<[string, (b: Body) => Body, string, RegExp]> = [
    [
      'an unknown step type',
      (b) => {
        b.steps.remind.type = 'email';
        return b;
      },
      'steps.remind.type',
      /unknown step type/,
    ],
    [
      'a dangling next',
      (b) => {
        b.steps.remind.next = 'nowhere';
        return b;
      },
      'steps.remind.next',
      /unknown step "nowhere"/,
    ],
    [
      'a dangling onTimeout',
      (b) => {
        b.steps['wait-for-order'].onTimeout = 'gone';
        return b;
      },
      'steps.wait-for-order.onTimeout',
      /unknown step/,
    ],
    [
      'a missing next',
      (b) => {
        delete b.steps.remind.next;
        return b;
      },
      'steps.remind.next',
      /required/,
    ],
    ['an unknown start', (b) => ({ ...b, start: 'nope' }), 'start', /unknown step "nope"/],
    [
      'a missing start',
      (b) => {
        delete b.start;
        return b;
      },
      'start',
      /first step/,
    ],
    [
      'an unreachable step',
      (b) => {
        b.steps.orphan = send(null);
        return b;
      },
      'steps.orphan',
      /"orphan" is unreachable/,
    ],
    [
      'a loop without a wait',
      (b) =>
        withSteps(
          'check',
          {
            check: { type: 'branch', if: { segment: 'vip' }, then: 'nag', else: null },
            nag: send('check'),
          },
          b,
        ),
      'steps.check',
      /loop without a wait of at least 1m: check → nag → check/,
    ],
    [
      'a loop through a wait shorter than a minute',
      (b) =>
        withSteps(
          'check',
          {
            check: { type: 'branch', if: { segment: 'vip' }, then: 'nag', else: null },
            nag: send('pause'),
            pause: { type: 'wait', duration: '30s', next: 'check' },
          },
          b,
        ),
      'steps.check',
      /loop without a wait of at least 1m: check → nag → pause → check/,
    ],
    ['a wait longer than two years', (b) => withSteps('w', { w: { type: 'wait', duration: '731d', next: null } }, b), 'steps.w.duration', /at most 730d/],
    ['an absurd wait', (b) => withSteps('w', { w: { type: 'wait', duration: '999999999w', next: null } }, b), 'steps.w.duration', /at most 730d/],
    ['a goal window longer than two years', (b) => ({ ...b, goal: { event: 'Order Completed', within: '105w' } }), 'goal.within', /at most 730d/],
    [
      'a dangling branch else',
      (b) => withSteps('b', { b: { type: 'branch', if: { segment: 'vip' }, then: null, else: 'x' } }, b),
      'steps.b.else',
      /unknown step/,
    ],
    [
      'a dangling split path',
      (b) =>
        withSteps(
          's',
          {
            s: {
              type: 'split',
              paths: [
                { weight: 1, next: null },
                { weight: 1, next: 'x' },
              ],
            },
          },
          b,
        ),
      'steps.s.paths.1.next',
      /unknown step/,
    ],
    ['a bad wait duration', (b) => withSteps('w', { w: { type: 'wait', duration: '1 hour', next: null } }, b), 'steps.w.duration', /must be a duration/],
    ['a zero wait', (b) => withSteps('w', { w: { type: 'wait', duration: '0s', next: null } }, b), 'steps.w.duration', /longer than zero/],
    [
      'a wait with both duration and until',
      (b) => withSteps('w', { w: { type: 'wait', duration: '1h', until: '10:00', next: null } }, b),
      'steps.w.duration',
      /exactly one/,
    ],
    ['a bad local time', (b) => withSteps('w', { w: { type: 'wait', until: '24:30', next: null } }, b), 'steps.w.until', /HH:MM/],
    [
      'a bad waitUntil timeout',
      (b) => {
        b.steps['wait-for-order'].timeout = 'soon';
        return b;
      },
      'steps.wait-for-order.timeout',
      /duration/,
    ],
    [
      'a reference outside the run context',
      (b) => {
        b.steps['wait-for-order'].match.cartId = '{{ secrets.key }}';
        return b;
      },
      'steps.wait-for-order.match.cartId',
      /reference/,
    ],
    ['a zero split weight', (b) => withSteps('s', { s: { type: 'split', paths: [{ weight: 0, next: null }] } }, b), 'steps.s.paths.0.weight', /positive/],
    [
      'a negative split weight',
      (b) =>
        withSteps(
          's',
          {
            s: {
              type: 'split',
              paths: [
                { weight: 1, next: null },
                { weight: -1, next: null },
              ],
            },
          },
          b,
        ),
      'steps.s.paths.1.weight',
      /positive/,
    ],
    ['an empty split', (b) => withSteps('s', { s: { type: 'split', paths: [] } }, b), 'steps.s.paths', /non-empty/],
    [
      'an unknown template',
      (b) => {
        b.steps.remind.template = 'nope';
        return b;
      },
      'steps.remind.template',
      /unknown template "nope"/,
    ],
    [
      'an unknown channel',
      (b) => {
        b.steps.remind.channel = 'fax';
        return b;
      },
      'steps.remind.channel',
      /unknown channel "fax"/,
    ],
    [
      'an unknown coupon pool',
      (b) => {
        b.steps.remind.coupon = { pool: 'x' };
        return b;
      },
      'steps.remind.coupon.pool',
      /unknown coupon pool/,
    ],
    [
      'a bad category',
      (b) => {
        b.steps.remind.category = 'marketing';
        return b;
      },
      'steps.remind.category',
      /promotional or transactional/,
    ],
    [
      'an unknown branch segment',
      (b) => withSteps('b', { b: { type: 'branch', if: { segment: 'ghost' }, then: null, else: null } }, b),
      'steps.b.if.segment',
      /unknown segment "ghost"/,
    ],
    [
      'an unknown nested segment',
      (b) =>
        withSteps(
          'b',
          { b: { type: 'branch', if: { all: [{ trait: 'tier', op: 'eq', value: 'gold' }, { not: { segment: 'ghost' } }] }, then: null, else: null } },
          b,
        ),
      'steps.b.if.all.1.not.segment',
      /unknown segment/,
    ],
    [
      'a malformed condition',
      (b) => withSteps('b', { b: { type: 'branch', if: { colour: 'red' }, then: null, else: null } }, b),
      'steps.b.if',
      /all, any, not, segment, trait or event/,
    ],
    ['a holdout above 0.5', (b) => ({ ...b, holdout: 0.6 }), 'holdout', /0 to 0.5/],
    ['a negative holdout', (b) => ({ ...b, holdout: -0.1 }), 'holdout', /0 to 0.5/],
    ['a bad cron', (b) => ({ ...b, entry: { schedule: '0 25 * * *', segment: 'loyal' } }), 'entry.schedule', /cron/],
    ['an unknown entry segment', (b) => ({ ...b, entry: { segment: 'ghost', on: 'enter' } }), 'entry.segment', /unknown segment/],
    ['a bad segment change', (b) => ({ ...b, entry: { segment: 'dormant', on: 'join' } }), 'entry.on', /enter or exit/],
    [
      'a bad maxEventAge',
      (b) => {
        b.entry.maxEventAge = '1hour';
        return b;
      },
      'entry.maxEventAge',
      /duration/,
    ],
    [
      'a catalog entry without audience window',
      (b) => ({ ...b, entry: { catalogEvent: 'Product Restocked', audience: { event: 'Product Added', matchItem: 'productId' } } }),
      'entry.audience.within',
      /duration/,
    ],
    ['a cooldown without its duration', (b) => ({ ...b, reentry: { mode: 'cooldown' } }), 'reentry.cooldown', /duration/],
    ['an unknown re-entry mode', (b) => ({ ...b, reentry: { mode: 'twice' } }), 'reentry.mode', /once, cooldown or always/],
    [
      'an unknown where operator',
      (b) => ({ ...b, exitOn: [{ event: 'Order Completed', where: { total: { between: [1, 2] } } }] }),
      'exitOn.0.where.total.between',
      /unknown operator/,
    ],
    [
      'a reference in an exit filter',
      (b) => ({ ...b, exitOn: [{ event: 'Order Completed', where: { cartId: '{{ entry.properties.cartId }}' } }] }),
      'exitOn.0.where.cartId',
      /not allowed/,
    ],
    [
      'a bad goal window',
      (b) => {
        b.goal.within = 'three days';
        return b;
      },
      'goal.within',
      /duration/,
    ],
    ['an unknown top-level field', (b) => ({ ...b, colour: 'blue' }), 'colour', /unknown field/],
    [
      'an unknown step field',
      (b) => {
        b.steps.remind.colour = 'blue';
        return b;
      },
      'steps.remind.colour',
      /unknown field/,
    ],
    [
      'a bad step id',
      (b) => {
        b.steps['bad id'] = send(null);
        b.steps.remind.next = 'bad id';
        return b;
      },
      'steps.bad id',
      /step ids/,
    ],
    ['a bad journey key', (b) => ({ ...b, key: 'Cart Abandonment!' }), 'key', /letters, digits/],
  ];

  it.each(cases)('refuses %s', (_label, change, path, message) => {
    const found = problems(change(cart()));
    expect(found).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('refuses __proto__ keys anywhere, even inside the steps map', () => {
    const body = JSON.parse(
      '{"key":"j","name":"J","entry":{"event":"E","__proto__":{"x":1}},"start":"s",' + '"steps":{"s":{"type":"exit"},"__proto__":{"type":"exit"}}}',
    );
    const found = problems(body);
    expect(found.map((f) => f.path)).toEqual(expect.arrayContaining(['entry.__proto__', 'steps.__proto__']));
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('lists every problem at once', () => {
    const body = cart();
    body.holdout = 2;
    body.steps.remind.template = 'nope';
    body.steps.remind.next = 'nowhere';
    expect(
      problems(body)
        .map((f) => f.path)
        .sort(),
    ).toEqual(['holdout', 'steps.remind.next', 'steps.remind.template']);
  });

  it('does not report steps pointing at a broken step as dangling', () => {
    const body = cart();
    body.steps.remind.type = 'email';
    expect(problems(body).map((f) => f.path)).toEqual(['steps.remind.type']);
  });

  it('refuses a body that is not an object', () => {
    expect(problems('journey')).toEqual([{ path: '', message: 'must be an object' }]);
  });

  it('checks where operands with the rules segments uses (@cairn/conditions), and keeps the where as written', () => {
    const body = cart();
    body.exitOn = [{ event: 'Order Completed', where: { tags: ['a', 'b'], cart: { eq: { id: 'c1' } }, total: { gte: 100, lt: '200' } } }];
    expect(validateJourney(body, refs()).exitOn).toEqual(body.exitOn);
    body.exitOn = [{ event: 'Order Completed', where: { tier: { in: [] }, note: { contains: null }, '': 1 } }];
    expect(problems(body).map((f) => f.path)).toEqual(['exitOn.0.where.tier.in', 'exitOn.0.where.note.contains', 'exitOn.0.where.']);
  });

  it('refuses event and recency conditions in a branch, naming each leaf: journeys keeps no event history', () => {
    const viewed = { event: 'Product Viewed', within: '7d' };
    const body = withSteps('check', {
      check: {
        type: 'branch',
        if: { any: [{ segment: 'vip' }, viewed, { not: { event: 'Order Completed', lastAt: { olderThan: '30d' } } }] },
        then: null,
        else: null,
      },
    });
    const message = 'a branch cannot see event history; define a segment with this condition and branch on { "segment": "<key>" }';
    expect(problems(body)).toEqual([
      { path: 'steps.check.if.any.1', message },
      { path: 'steps.check.if.any.2.not', message },
    ]);
    expect(problems(withSteps('check', { check: { type: 'branch', if: { event: 'Signed In', within: 'ever' }, then: null, else: null } }))).toEqual([
      { path: 'steps.check.if', message },
    ]);
  });

  it('finds the branches of a stored version that read event history (versions saved before they were refused)', () => {
    const stored = validateJourney(withSteps('a', { a: { type: 'branch', if: { segment: 'vip' }, then: 'b', else: 'b' }, b: send(null) }), refs());
    expect(branchesOnHistory(stored)).toEqual([]);
    stored.steps.a = { type: 'branch', if: { all: [{ segment: 'vip' }, { not: { event: 'Signed In', within: 'ever' } }] }, then: 'b', else: 'b' };
    expect(branchesOnHistory(stored)).toEqual(['a']);
  });

  it('skips coupon pool checks when the workspace cannot answer them', () => {
    const body = cart();
    body.steps.remind.coupon = { pool: 'anything' };
    const r = refs();
    delete r.couponPoolExists;
    expect(validateJourney(body, r).steps.remind).toMatchObject({ coupon: { pool: 'anything' } });
  });

  it('takes a fallback on a transactional send step, whose channel and template must exist like the step’s own', () => {
    const fallback = { channel: 'sms', template: 'welcome-back' };
    const body = withSteps('remind', { remind: send(null, { category: 'transactional', fallback }) });
    expect(validateJourney(body, refs()).steps.remind).toMatchObject({ type: 'send', fallback });
    expect(problems(withSteps('remind', { remind: send(null, { category: 'transactional', fallback: { channel: 'fax', template: 'nope' } }) }))).toEqual([
      { path: 'steps.remind.fallback.channel', message: 'unknown channel "fax"' },
      { path: 'steps.remind.fallback.template', message: 'unknown template "nope"' },
    ]);
    expect(
      problems(withSteps('remind', { remind: send(null, { category: 'transactional', fallback: { channel: 'sms', extra: 1 } }) })).map((f) => f.path),
    ).toEqual(['steps.remind.fallback.extra', 'steps.remind.fallback.template']);
  });

  it('refuses a fallback on a promotional send: AlimTalk carries informational messages only', () => {
    expect(problems(withSteps('remind', { remind: send(null, { fallback: { channel: 'sms', template: 'welcome-back' } }) }))).toEqual([
      { path: 'steps.remind.fallback', message: expect.stringContaining('informational messages only') },
    ]);
  });
});
