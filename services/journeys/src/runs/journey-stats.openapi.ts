/** OpenAPI schema of `GET /v1/journeys/:id/stats` (JourneyStatsView). */
const counts = (description: string) => ({ type: 'object', description, additionalProperties: { type: 'integer' } });
const int = (description: string) => ({ type: 'integer', description });

const group = {
  type: 'object',
  properties: {
    entered: int('Runs started'),
    converted: int('Runs that reached the goal within its window'),
    active: int('Runs still running'),
    completed: int('Runs that reached the end of the graph'),
    exited: int('Runs stopped by exit criteria or an exit step'),
    conversionRate: { type: 'number', nullable: true, description: 'converted / entered; null when nobody entered' },
  },
};

const delivery = {
  type: 'object',
  description: 'What became of the message requests, from the outcomes messaging reports on cairn.message-outcomes.v1',
  properties: {
    requested: int('Requests published to messaging (a holdout run skips its sends; those are not counted)'),
    awaitingOutcome: int('Requested, no outcome received yet'),
    sent: int('Delivered to the provider'),
    deferred: int('Deferred (quiet hours, night-time consent, a cap with whenCapped=defer) and not yet decided'),
    suppressed: int('Suppressed by messaging'),
    failed: int('Failed for good'),
    suppressedByReason: counts('Suppressed requests by reason, e.g. frequency_cap, no_consent, consent_lapsed, quiet_hours'),
    failedByReason: counts('Failed requests by reason, e.g. template_not_found, template_render_failed'),
    delivered: int('Sent messages a provider receipt says were delivered'),
    opened: int('Sent messages a receipt says were opened'),
    clicked: int('Sent messages a receipt says were clicked'),
    bounced: { type: 'object', description: 'Sent messages that bounced', properties: { hard: int('For good'), soft: int('For now') } },
    complained: int('Sent messages the recipient complained about'),
    viaFallback: int('Sent through their fallback channel (the primary, e.g. AlimTalk, could not reach the recipient)'),
  },
  example: {
    requested: 120,
    awaitingOutcome: 2,
    sent: 100,
    deferred: 3,
    suppressed: 14,
    failed: 1,
    suppressedByReason: { frequency_cap: 11, no_consent: 3 },
    failedByReason: { template_render_failed: 1 },
    delivered: 97,
    opened: 41,
    clicked: 12,
    bounced: { hard: 1, soft: 2 },
    complained: 0,
    viaFallback: 6,
  },
};

export const JOURNEY_STATS_SCHEMA = {
  type: 'object',
  properties: {
    journey: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        key: { type: 'string' },
        version: { type: 'integer', nullable: true, description: 'The current published version' },
      },
    },
    versions: {
      type: 'array',
      description: 'One entry per version that has runs; a run stays on the version it started on',
      items: {
        type: 'object',
        properties: {
          version: int('Journey version'),
          entered: int('Runs started on this version (treatment and holdout)'),
          activeBySteps: counts('Active runs per step they wait on'),
          exitsByReason: counts('Exited runs by reason (exit_criteria, exit_step, …)'),
          messages: counts('Send records by current status: requested (no outcome yet), holdout (skipped), sent, deferred, suppressed, failed'),
          delivery,
          treatment: group,
          holdout: group,
          uplift: {
            type: 'object',
            properties: {
              absolute: { type: 'number', nullable: true, description: 'Treatment rate minus holdout rate' },
              relative: { type: 'number', nullable: true, description: '(treatment − holdout) / holdout; null when the holdout rate is 0 or unknown' },
            },
          },
        },
      },
    },
  },
};
