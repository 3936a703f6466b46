import { withTestMarker, isTestIntent, testPolicy } from './test-sends';

const request = (extra: Record<string, unknown> = {}) => ({
  v: 1 as const,
  workspaceId: 'dev',
  userId: 'u1',
  idempotencyKey: 'k',
  channel: 'hook',
  template: 'promo',
  category: 'promotional' as const,
  context: { user: { name: 'u1' } },
  requestedAt: '2026-03-02T03:00:00.000Z',
  ...extra,
});

describe('test sends', () => {
  it('keep the marker in the stored context only when the request says test', () => {
    expect(isTestIntent(withTestMarker(request({ test: true })))).toBe(true);
    expect(isTestIntent(withTestMarker(request()))).toBe(false);
    expect(withTestMarker(request({ context: { user: {}, test: true } })).context).toEqual({ user: {} });
  });

  it('are decided without caps and quiet hours, with the compliance preset kept', () => {
    const policy = testPolicy({
      rules: [{ scope: 'all', limit: 1, window: '1d', categories: ['promotional'] }],
      whenCapped: 'defer',
      quietHours: { start: '21:00', end: '08:00', categories: ['promotional'] },
      compliance: 'kr-ad-law',
    });
    expect(policy).toEqual({ rules: [], whenCapped: 'defer', compliance: 'kr-ad-law' });
  });
});
