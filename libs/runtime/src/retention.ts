import { dataRightsOf, DataRightsConfig, WorkspaceConfig } from '@cairn/config';
import { IsolatedWork } from '@cairn/db';
import { EntityManager } from 'typeorm';
import { ParkedKind } from './parked-work';

/** The failure-ledger kind of a workspace's retention pass; the item is the workspace id. */
export const RETENTION_KIND = 'retention';

/** How often a service applies the retention policy (an idle retention job sleeps this long). */
export const RETENTION_EVERY_MS = 60 * 60 * 1000;

/** Rows a retention statement touches at most, so a pass is many short transactions rather than one long one. */
export const RETENTION_CHUNK = 5_000;

/** One workspace's part of a pass: applies its policy to a chunk of rows; true when more rows may be due. */
export type ApplyRetention = (m: EntityManager, workspaceId: string, policy: DataRightsConfig['retention'], now: Date) => Promise<boolean>;

/**
 * A service's retention pass as shared background work (runIsolatedPass):
 * one item per configured workspace, so a workspace whose pass fails costs
 * only itself (recorded, retried at the next pass, listed at
 * `/v1/parked/<service>?kind=retention`). One replica at a time: the claim
 * takes a transaction advisory lock, and a replica that does not get it
 * claims nothing.
 */
export function retentionWork(schema: string, workspaces: WorkspaceConfig[], now: () => Date, apply: ApplyRetention): IsolatedWork<WorkspaceConfig, boolean> {
  return {
    kind: RETENTION_KIND,
    identify: (w) => ({ item: w.id, workspaceId: w.id }),
    claim: async (m, only) => {
      const [{ locked }]: Array<{ locked: boolean }> = await m.query(`SELECT pg_try_advisory_xact_lock(hashtext('cairn.retention'), hashtext($1)) AS locked`, [
        schema,
      ]);
      return locked ? (only ?? workspaces) : [];
    },
    handle: async (m, items) => {
      let more = false;
      for (const w of items) if (await apply(m, w.id, dataRightsOf(w).retention, now())) more = true;
      return more;
    },
    // Nothing to move out of the way: the next pass tries the workspace again.
    setAside: async () => undefined,
  };
}

/** An operator's retry of a failing retention pass: the next pass tries the workspace anyway. */
export const retentionParkedKind: ParkedKind = { kind: RETENTION_KIND, release: async () => true };

/** The instant before which data of a kind is due for removal, or undefined when it is kept forever. */
export function retentionCutoff(keepMs: number | null, now: Date): Date | undefined {
  return keepMs === null ? undefined : new Date(now.getTime() - keepMs);
}
