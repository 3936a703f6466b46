import { tryParseDuration } from '@cairn/core';
import { ConfigError } from './config.error';

/**
 * How the background loops (timers, schedules, backfills, deferred sends)
 * treat an item that fails on its own: tried again after `firstRetryAfter`,
 * doubling up to `maxRetryAfter`, `maxAttempts` times in all, then parked
 * for an operator (`/v1/parked/<service>`). The `backgroundWork` object of the
 * CAIRN_CONFIG file; every field optional.
 */
export interface BackgroundWorkConfig {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKGROUND_WORK: BackgroundWorkConfig = { maxAttempts: 5, baseDelayMs: 30_000, maxDelayMs: 600_000 };

const DAY_MS = 86_400_000;

function delay(raw: unknown, field: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const ms = tryParseDuration(raw);
  if (ms === undefined || ms < 100 || ms > DAY_MS) throw new ConfigError(field, 'must be a duration from 100ms to 1d, such as "30s"');
  return ms;
}

export function parseBackgroundWork(raw: unknown): BackgroundWorkConfig {
  if (raw === undefined) return DEFAULT_BACKGROUND_WORK;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError('backgroundWork', 'must be an object');
  const o = raw as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!['maxAttempts', 'firstRetryAfter', 'maxRetryAfter'].includes(key))
      throw new ConfigError(`backgroundWork.${key}`, 'unknown field (use maxAttempts, firstRetryAfter, maxRetryAfter)');
  }
  const maxAttempts = o.maxAttempts ?? DEFAULT_BACKGROUND_WORK.maxAttempts;
  if (typeof maxAttempts !== 'number' || !Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) {
    throw new ConfigError('backgroundWork.maxAttempts', 'must be an integer from 1 to 100');
  }
  const baseDelayMs = delay(o.firstRetryAfter, 'backgroundWork.firstRetryAfter', DEFAULT_BACKGROUND_WORK.baseDelayMs);
  const maxDelayMs = delay(o.maxRetryAfter, 'backgroundWork.maxRetryAfter', Math.max(baseDelayMs, DEFAULT_BACKGROUND_WORK.maxDelayMs));
  if (maxDelayMs < baseDelayMs) throw new ConfigError('backgroundWork.maxRetryAfter', 'must not be shorter than firstRetryAfter');
  return { maxAttempts, baseDelayMs, maxDelayMs };
}
