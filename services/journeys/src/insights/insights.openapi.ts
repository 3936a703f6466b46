/** OpenAPI schemas of the console's journey insights (versions, per-step counts, uplift with its interval). */
const int = (description: string) => ({ type: 'integer', description });
const head = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    key: { type: 'string' },
    name: { type: 'string' },
    status: { type: 'string', enum: ['draft', 'active', 'paused'] },
    version: { type: 'integer', nullable: true, description: 'The version new runs start on; null before the first publish' },
  },
};

export const VERSIONS_SCHEMA = {
  type: 'object',
  properties: {
    journey: head,
    versions: {
      type: 'array',
      description: 'Newest first',
      items: {
        type: 'object',
        properties: {
          version: int('Version number'),
          publishedAt: { type: 'string', format: 'date-time' },
          current: { type: 'boolean', description: 'New runs start on this version' },
          runs: int('Runs started on this version'),
        },
      },
    },
  },
};

export const STEP_COUNTS_SCHEMA = {
  type: 'object',
  properties: {
    journey: head,
    version: int('The version counted'),
    publishedAt: { type: 'string', format: 'date-time' },
    definition: { type: 'object', description: 'The journey as published in this version (docs/design.md §7)' },
    runs: {
      type: 'object',
      properties: { entered: int('Runs started'), active: int('Still running'), completed: int('Reached the end'), exited: int('Stopped by an exit') },
    },
    steps: {
      type: 'array',
      description: 'Every step, breadth first from the start step',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          type: { type: 'string', enum: ['wait', 'waitUntil', 'branch', 'split', 'send', 'exit'] },
          next: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                to: { type: 'string', nullable: true, description: 'The next step; null: the end of the journey' },
                on: { type: 'string', description: 'next, event, timeout, then, else, or a split share such as 50%' },
              },
            },
          },
          reached: int('Runs that entered the step at least once'),
          waiting: int('Active runs at this step now'),
          left: int('Runs that reached the step and are no longer in it (reached − waiting)'),
          exited: int('Runs whose journey ended at this step by an exit (exit criteria, exit step, step limit)'),
        },
      },
    },
  },
  example: {
    journey: { id: '0b7c…', key: 'cart-abandonment', name: 'Cart abandonment', status: 'active', version: 1 },
    version: 1,
    publishedAt: '2026-01-05T10:00:00.000Z',
    runs: { entered: 120, active: 30, completed: 70, exited: 20 },
    steps: [
      {
        id: 'wait-for-order',
        type: 'waitUntil',
        next: [
          { to: null, on: 'event' },
          { to: 'remind', on: 'timeout' },
        ],
        reached: 120,
        waiting: 30,
        left: 90,
        exited: 20,
      },
      { id: 'remind', type: 'send', next: [{ to: null, on: 'next' }], reached: 70, waiting: 0, left: 70, exited: 0 },
    ],
  },
};

const group = {
  type: 'object',
  properties: {
    entered: int('Runs started'),
    converted: int('Runs that reached the goal within its window'),
    rate: { type: 'number', nullable: true, description: 'converted / entered; null when nobody entered' },
  },
};

export const UPLIFT_SCHEMA = {
  type: 'object',
  properties: {
    journey: { type: 'object', properties: { id: { type: 'string' }, key: { type: 'string' } } },
    version: int('The version measured'),
    goal: { type: 'object', nullable: true, properties: { event: { type: 'string' }, within: { type: 'string' } } },
    treatment: group,
    holdout: group,
    uplift: {
      type: 'object',
      properties: {
        absolute: { type: 'number', nullable: true, description: 'Treatment rate − holdout rate' },
        relative: { type: 'number', nullable: true, description: '(treatment − holdout) / holdout; null when the holdout rate is 0 or unknown' },
        interval: {
          type: 'object',
          nullable: true,
          description: "Confidence interval of `absolute`: Newcombe's hybrid score interval (method 10 of Newcombe 1998), from each group's Wilson interval",
          properties: {
            lower: { type: 'number' },
            upper: { type: 'number' },
            confidence: { type: 'number', description: 'The two-sided level, e.g. 0.95' },
            method: { type: 'string', enum: ['newcombe-wilson'] },
          },
        },
        reason: { type: 'string', description: 'Why there is no interval, e.g. "holdout: nobody entered"' },
      },
    },
  },
  example: {
    journey: { id: '0b7c…', key: 'cart-abandonment' },
    version: 1,
    goal: { event: 'Order Completed', within: '3d' },
    treatment: { entered: 1080, converted: 162, rate: 0.15 },
    holdout: { entered: 120, converted: 11, rate: 0.0917 },
    uplift: { absolute: 0.0583, relative: 0.636, interval: { lower: -0.0031, upper: 0.1052, confidence: 0.95, method: 'newcombe-wilson' } },
  },
};
