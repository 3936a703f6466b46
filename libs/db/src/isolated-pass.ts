import { isTransient } from '@cairn/core';
import { Logger, workMetrics } from '@cairn/observability';
import { DataSource, EntityManager } from 'typeorm';
import { clearFailures, DEFAULT_FAILURE_POLICY, FailurePolicy, recordFailure } from './failed-work';

/** One kind of shared background work, as a claim loop sees it. */
export interface IsolatedWork<T> {
  /** The ledger kind (`timer`, `schedule`, ...), unique within the service. */
  kind: string;
  /** The item's id in the failure ledger and its workspace. */
  identify(item: T): { item: string; workspaceId: string | null };
  /** Claims due items in the transaction (FOR UPDATE SKIP LOCKED); with `only`, just those items, if still claimable. */
  claim(m: EntityManager, only?: T[]): Promise<T[]>;
  /** Handles claimed items in the same transaction; returns how many outbox messages it queued. */
  handle(m: EntityManager, items: T[]): Promise<number>;
  /** Takes a failed item out of the claim's way: due again at `retryAt`, or parked when it is null. */
  setAside(m: EntityManager, item: T, retryAt: Date | null): Promise<void>;
}

export interface IsolatedPassOptions {
  dataSource: DataSource;
  schema: string;
  logger: Logger;
  now(): Date;
  policy?: FailurePolicy;
}

export interface PassResult {
  claimed: number;
  queued: number;
}

/**
 * One pass of a claim loop in which a failing item costs only itself: the
 * claimed batch is handled in one transaction; if that fails for a reason of
 * the work (not a transient one: `isTransient`), each item is claimed and
 * handled again in its own transaction, and an item that fails alone is
 * recorded in the failure ledger (reason, attempts; metric and log) and set
 * aside until its backoff ran out, or parked after the last attempt. The
 * other items go on. A transient failure is thrown: the loop tries the whole
 * pass again later, and nothing is counted against the items.
 */
export async function runIsolatedPass<T>(options: IsolatedPassOptions, work: IsolatedWork<T>): Promise<PassResult> {
  let claimed: T[] = [];
  try {
    const queued = await options.dataSource.transaction(async (m) => {
      claimed = await work.claim(m);
      return handleAndClear(m, options, work, claimed);
    });
    return { claimed: claimed.length, queued };
  } catch (error) {
    if (isTransient(error) || claimed.length === 0) throw error;
    options.logger.warn({ kind: work.kind, items: claimed.length, err: errorText(error) }, 'a batch of background work failed; handling its items one by one');
  }
  let queued = 0;
  for (const item of claimed) queued += await handleAlone(options, work, item);
  return { claimed: claimed.length, queued };
}

async function handleAndClear<T>(m: EntityManager, options: IsolatedPassOptions, work: IsolatedWork<T>, items: T[]): Promise<number> {
  if (items.length === 0) return 0;
  const queued = await work.handle(m, items);
  await clearFailures(m, options.schema, work.kind, items.map((i) => work.identify(i).item));
  return queued;
}

async function handleAlone<T>(options: IsolatedPassOptions, work: IsolatedWork<T>, item: T): Promise<number> {
  try {
    return await options.dataSource.transaction(async (m) => handleAndClear(m, options, work, await work.claim(m, [item])));
  } catch (error) {
    if (isTransient(error)) throw error;
    await setAside(options, work, item, error);
    return 0;
  }
}

async function setAside<T>(options: IsolatedPassOptions, work: IsolatedWork<T>, item: T, error: unknown): Promise<void> {
  const { item: id, workspaceId } = work.identify(item);
  const reason = errorText(error);
  const now = options.now();
  const recorded = await options.dataSource.transaction(async (m) => {
    const result = await recordFailure(m, options.schema, { kind: work.kind, item: id, workspaceId, reason }, now, options.policy ?? DEFAULT_FAILURE_POLICY);
    await work.setAside(m, item, result.retryAt);
    return result;
  });
  const outcome = recorded.parked ? 'parked' : 'retrying';
  workMetrics.failures.inc({ schema: options.schema, kind: work.kind, outcome });
  const fields = { schema: options.schema, kind: work.kind, item: id, workspaceId, attempts: recorded.attempts, reason, retryAt: recorded.retryAt?.toISOString() ?? null };
  if (recorded.parked) options.logger.error(fields, 'background work item parked after its last attempt; an operator can retry it through /v1/parked');
  else options.logger.warn(fields, 'background work item failed; set aside until its retry');
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
