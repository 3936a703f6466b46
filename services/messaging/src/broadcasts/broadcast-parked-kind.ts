import { ParkedKind } from '@cairn/runtime';
import { BroadcastRepository } from './broadcast.repository';

/** Failure-ledger kind of a broadcast's step (a segments page or a slice of sends) that failed on its own. */
export const BROADCAST_KIND = 'broadcast';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An operator's retry of a failing or parked broadcast: its next step is due now (false when it is not running any more). */
export const broadcastParkedKind: ParkedKind = {
  kind: BROADCAST_KIND,
  release: async (m, { workspaceId, item, now }) => UUID_RE.test(item) && new BroadcastRepository(m).release(workspaceId, item, now),
};
