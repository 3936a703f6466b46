import { claimNewKeys } from '@cairn/db';
import { OutboxRelay } from '@cairn/kafka';
import { EntityManager } from 'typeorm';
import { Platform } from './platform';

/** How a consumer recognises its messages: its processed-key namespace, a message's identity and its workspace. */
export interface ConsumerScope<T> {
  /** The namespace of its processed-message keys (`journeys.events`). */
  consumer: string;
  /** What makes a redelivery the same message (`eventIdentity` and friends in @cairn/contracts). */
  identity(value: T): string;
  workspaceOf(value: T): string;
}

/**
 * The skeleton every consumer's batch shares: one transaction; the messages'
 * identities claimed first (a redelivered message, or one repeated within
 * the batch, is dropped: the first copy wins); the rest grouped by workspace
 * in arrival order and handed over workspace by workspace, in a fixed (sorted)
 * order, so two batches handled at once take their locks in the same order;
 * the outbox nudged after the commit when anything was queued. `handle`
 * returns how many outbox messages it queued. `platform` is only what it
 * reads, so a class passes its injected parts (`{ dataSource, schema: 'segments', outbox }`).
 */
export async function consumeBatch<T>(
  platform: Pick<Platform, 'dataSource' | 'schema'> & { outbox: Pick<OutboxRelay, 'nudge'> },
  scope: ConsumerScope<T>,
  values: T[],
  handle: (m: EntityManager, workspaceId: string, values: T[]) => Promise<number>,
): Promise<number> {
  const queued = await platform.dataSource.transaction(async (m) => {
    const fresh = await claimNewKeys(m, platform.schema, scope.consumer, values.map(scope.identity));
    const byWorkspace = new Map<string, T[]>();
    for (const value of values) {
      if (!fresh.delete(scope.identity(value))) continue;
      const workspaceId = scope.workspaceOf(value);
      const list = byWorkspace.get(workspaceId);
      if (list) list.push(value);
      else byWorkspace.set(workspaceId, [value]);
    }
    let total = 0;
    for (const workspaceId of [...byWorkspace.keys()].sort()) total += await handle(m, workspaceId, byWorkspace.get(workspaceId)!);
    return total;
  });
  if (queued > 0) platform.outbox.nudge();
  return queued;
}
