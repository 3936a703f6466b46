import { tryParseDuration } from '@cairn/core';
import { ConfigError } from './config.error';

const DAY_MS = 86_400_000;

/**
 * A workspace's data-rights settings (CAIRN_CONFIG, per workspace):
 *
 * - `suppressErasedIds` (default false): after `DELETE /v1/users/:userId`, events of the erased ids stamped
 *   later start a new, empty person; with true they are dropped for good.
 * - `retention`: how long personal data is kept, applied by each service's retention job.
 *   `renderedContent` (default `"forever"`, e.g. `90d`): a send's rendered content and the context it was rendered from;
 *   `history` (default `"forever"`, e.g. `365d`): raw history (segments' stored event occurrences, journeys' ended runs,
 *   messaging's delivery log). `"forever"` keeps it. Durations from `1d` to `3650d`.
 */
export interface DataRightsConfig {
  suppressErasedIds: boolean;
  retention: {
    /** null: kept forever. */
    renderedContentMs: number | null;
    historyMs: number | null;
  };
}

export const DEFAULT_DATA_RIGHTS: DataRightsConfig = {
  suppressErasedIds: false,
  // Nothing is deleted by default: an upgrade must never start deleting a shop's data by surprise.
  retention: { renderedContentMs: null, historyMs: null },
};

function retentionPeriod(raw: unknown, field: string, fallback: number | null): number | null {
  if (raw === undefined) return fallback;
  if (raw === 'forever') return null;
  const ms = tryParseDuration(raw);
  if (ms === undefined || ms < DAY_MS || ms > 3650 * DAY_MS) throw new ConfigError(field, 'must be a duration from 1d to 3650d (such as "90d"), or "forever"');
  return ms;
}

/** The data-rights fields of one workspace entry (`at` names it in errors: `workspaces[0]`). */
export function parseDataRights(w: Record<string, unknown>, at: string): DataRightsConfig {
  const suppress = w.suppressErasedIds ?? DEFAULT_DATA_RIGHTS.suppressErasedIds;
  if (typeof suppress !== 'boolean') throw new ConfigError(`${at}.suppressErasedIds`, 'must be true or false');
  const raw = w.retention ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${at}.retention`, 'must be an object');
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (key !== 'renderedContent' && key !== 'history') throw new ConfigError(`${at}.retention.${key}`, 'unknown field (use renderedContent, history)');
  }
  return {
    suppressErasedIds: suppress,
    retention: {
      renderedContentMs: retentionPeriod(r.renderedContent, `${at}.retention.renderedContent`, DEFAULT_DATA_RIGHTS.retention.renderedContentMs),
      historyMs: retentionPeriod(r.history, `${at}.retention.history`, DEFAULT_DATA_RIGHTS.retention.historyMs),
    },
  };
}

/** A workspace's data-rights settings, the defaults when it names none. */
export function dataRightsOf(workspace: { dataRights?: DataRightsConfig } | undefined): DataRightsConfig {
  return workspace?.dataRights ?? DEFAULT_DATA_RIGHTS;
}
