import { conversionRate, countRuns, deliveryStats, journeyStats } from './stats';

describe('journey stats', () => {
  it('counts runs per group and status', () => {
    const counts = countRuns([
      { group: 'treatment', status: 'completed', converted: true },
      { group: 'treatment', status: 'exited', converted: true },
      { group: 'treatment', status: 'active' },
      { group: 'treatment', status: 'completed', converted: false },
      { group: 'holdout', status: 'completed', converted: true },
      { group: 'holdout', status: 'completed' },
      { group: 'holdout', status: 'completed' },
      { group: 'holdout', status: 'completed' },
    ]);
    expect(counts.treatment).toEqual({ entered: 4, converted: 2, active: 1, completed: 2, exited: 1 });
    expect(counts.holdout).toEqual({ entered: 4, converted: 1, active: 0, completed: 4, exited: 0 });
    const stats = journeyStats(counts);
    expect(stats.treatment.conversionRate).toBe(0.5);
    expect(stats.holdout.conversionRate).toBe(0.25);
    expect(stats.uplift).toEqual({ absolute: 0.25, relative: 1 });
  });

  it('is safe with zero denominators', () => {
    expect(conversionRate(0, 0)).toBeNull();
    expect(journeyStats({ treatment: { entered: 10, converted: 3 }, holdout: {} }).uplift).toEqual({ absolute: null, relative: null });
    const noHoldoutConversions = journeyStats({ treatment: { entered: 10, converted: 3 }, holdout: { entered: 5, converted: 0 } });
    expect(noHoldoutConversions.uplift.absolute).toBeCloseTo(0.3);
    expect(noHoldoutConversions.uplift.relative).toBeNull();
    expect(journeyStats({ treatment: {}, holdout: {} }).treatment).toEqual({
      entered: 0,
      converted: 0,
      active: 0,
      completed: 0,
      exited: 0,
      conversionRate: null,
    });
  });

  it('sums message requests by outcome, with suppressions and failures by reason', () => {
    const delivery = deliveryStats([
      { status: 'requested', reason: null, n: 2 },
      { status: 'holdout', reason: null, n: 7 },
      { status: 'sent', reason: null, n: 10, delivered: 9, opened: 4, clicked: 2, hardBounced: 1, softBounced: 0, complained: 1, viaFallback: 3 },
      { status: 'deferred', reason: 'quiet_hours', n: 1 },
      { status: 'suppressed', reason: 'frequency_cap', n: 3 },
      { status: 'suppressed', reason: 'no_consent', n: 1 },
      { status: 'suppressed', reason: null, n: 1 },
      { status: 'failed', reason: 'provider_error', n: 2 },
    ]);
    expect(delivery).toEqual({
      requested: 20,
      awaitingOutcome: 2,
      sent: 10,
      deferred: 1,
      suppressed: 5,
      failed: 2,
      suppressedByReason: { frequency_cap: 3, no_consent: 1, unknown: 1 },
      failedByReason: { provider_error: 2 },
      delivered: 9,
      opened: 4,
      clicked: 2,
      bounced: { hard: 1, soft: 0 },
      complained: 1,
      viaFallback: 3,
    });
  });

  it('counts nothing for a version without requests', () => {
    expect(deliveryStats([{ status: 'holdout', reason: null, n: 4 }])).toEqual({
      requested: 0,
      awaitingOutcome: 0,
      sent: 0,
      deferred: 0,
      suppressed: 0,
      failed: 0,
      suppressedByReason: {},
      failedByReason: {},
      delivered: 0,
      opened: 0,
      clicked: 0,
      bounced: { hard: 0, soft: 0 },
      complained: 0,
      viaFallback: 0,
    });
  });
});
