import { isTransient } from '@cairn/core';
import { Logger, workMetrics } from '@cairn/observability';
import { DataSource, EntityManager } from 'typeorm';
import { clearFailures, DEFAULT_FAILURE_POLICY, FailurePolicy, recordDueFailure } from './failed-work';

/** One kind of shared background work, as a claim loop sees it; `R` is what handling a set of items tells the caller. */
export interface IsolatedWork<T, R = number> {
  /** The ledger kind (`timer`, `schedule`, ...), unique within the service. */
  kind: string;
  /** The item's id in the failure ledger and its workspace. */
  identify(item: T): { item: string; workspaceId: string | null };
  /** Claims due items in the transaction (FOR UPDATE SKIP LOCKED); with `only`, just those items, if still claimable. */
  claim(m: EntityManager, only?: T[]): Promise<T[]>;
  /** Handles claimed items in the same transaction (by default returning how many outbox messages it queued). */
  handle(m: EntityManager, items: T[]): Promise<R>;
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

export interface PassResult<R> {
  claimed: number;
  /** What each committed transaction's handling returned (one for the batch, or one per item handled alone). */
  results: R[];
}

/** The sum of numeric results: how many outbox messages a pass queued. */
export function queuedBy(result: PassResult<number>): number {
  return result.results.reduce((a, b) => a + b, 0);
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
export async function runIsolatedPass<T, R = number>(options: IsolatedPassOptions, work: IsolatedWork<T, R>): Promise<PassResult<R>> {
  let claimed: T[] = [];
  try {
    const result = await options.dataSource.transaction(async (m) => {
      claimed = await work.claim(m);
      return claimed.length === 0 ? undefined : handleAndClear(m, options, work, claimed);
    });
    return { claimed: claimed.length, results: result === undefined ? [] : [result] };
  } catch (error) {
    if (isTransient(error) || claimed.length === 0) throw error;
    options.logger.warn({ kind: work.kind, items: claimed.length, err: errorText(error) }, 'a batch of background work failed; handling its items one by one');
  }
  const results: R[] = [];
  for (const item of claimed) {
    const result = await handleAlone(options, work, item);
    if (result !== undefined) results.push(result);
  }
  return { claimed: claimed.length, results };
}

async function handleAndClear<T, R>(m: EntityManager, options: IsolatedPassOptions, work: IsolatedWork<T, R>, items: T[]): Promise<R> {
  const result = await work.handle(m, items);
  await clearFailures(
    m,
    options.schema,
    work.kind,
    items.map((i) => work.identify(i).item),
  );
  return result;
}

async function handleAlone<T, R>(options: IsolatedPassOptions, work: IsolatedWork<T, R>, item: T): Promise<R | undefined> {
  try {
    return await options.dataSource.transaction(async (m) => {
      const again = await work.claim(m, [item]);
      return again.length === 0 ? undefined : handleAndClear(m, options, work, again);
    });
  } catch (error) {
    if (isTransient(error)) throw error;
    await setAside(options, work, item, error);
    return undefined;
  }
}

async function setAside<T, R>(options: IsolatedPassOptions, work: IsolatedWork<T, R>, item: T, error: unknown): Promise<void> {
  const { item: id, workspaceId } = work.identify(item);
  const reason = errorText(error);
  const now = options.now();
  const recorded = await options.dataSource.transaction(async (m) => {
    // Another worker may have claimed the same item after this pass let go of it, failed it and set it aside already.
    const result = await recordDueFailure(m, options.schema, { kind: work.kind, item: id, workspaceId, reason }, now, options.policy ?? DEFAULT_FAILURE_POLICY);
    if (result) await work.setAside(m, item, result.retryAt);
    return result;
  });
  if (!recorded) return;
  const outcome = recorded.parked ? 'parked' : 'retrying';
  workMetrics.failures.inc({ schema: options.schema, kind: work.kind, outcome });
  const fields = {
    schema: options.schema,
    kind: work.kind,
    item: id,
    workspaceId,
    attempts: recorded.attempts,
    reason,
    retryAt: recorded.retryAt?.toISOString() ?? null,
  };
  if (recorded.parked) options.logger.error(fields, 'background work item parked after its last attempt; an operator can retry it through /v1/parked');
  else options.logger.warn(fields, 'background work item failed; set aside until its retry');
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
