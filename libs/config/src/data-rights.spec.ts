import { ConfigError } from './config.error';
import { DEFAULT_DATA_RIGHTS, dataRightsOf, parseDataRights } from './data-rights';

const DAY = 86_400_000;

function problem(raw: Record<string, unknown>): string {
  try {
    parseDataRights(raw, 'workspaces[0]');
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('a workspace’s data rights', () => {
  it('keeps rendered content 90 days and raw history a year, and starts a new person after an erasure, by default', () => {
    expect(parseDataRights({}, 'workspaces[0]')).toEqual({ suppressErasedIds: false, retention: { renderedContentMs: null, historyMs: null } });
    expect(dataRightsOf(undefined)).toBe(DEFAULT_DATA_RIGHTS);
  });

  it('takes durations, "forever" and the suppression of erased ids', () => {
    expect(parseDataRights({ suppressErasedIds: true, retention: { renderedContent: '30d', history: 'forever' } }, 'w')).toEqual({
      suppressErasedIds: true,
      retention: { renderedContentMs: 30 * DAY, historyMs: null },
    });
  });

  it('refuses what it does not understand, naming the field', () => {
    expect(problem({ suppressErasedIds: 'yes' })).toContain('workspaces[0].suppressErasedIds');
    expect(problem({ retention: { history: '2h' } })).toContain('workspaces[0].retention.history');
    expect(problem({ retention: { renderedContent: '4000d' } })).toContain('workspaces[0].retention.renderedContent');
    expect(problem({ retention: { rendered: '90d' } })).toContain('workspaces[0].retention.rendered');
    expect(problem({ retention: [] })).toContain('workspaces[0].retention');
  });
});
