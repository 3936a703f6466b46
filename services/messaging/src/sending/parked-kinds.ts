import { ParkedKind } from '@cairn/runtime';
import { IntentRepository } from '../messages/intent.repository';

/** Failure-ledger kinds: a due DEFERRED intent decided again, a reserved send checked and tried again. */
export const DEFERRED_KIND = 'deferred';
export const RETRY_KIND = 'retry';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An operator's retry of a failing or parked deferred intent: due now (false when it is no longer deferred). */
export const deferredParkedKind: ParkedKind = {
  kind: DEFERRED_KIND,
  release: async (m, { workspaceId, item, now }) => UUID_RE.test(item) && new IntentRepository(m).releaseDeferred(workspaceId, item, now),
};

/** An operator's retry of a failing or parked reserved send: due now (false when it is no longer reserved). */
export const retryParkedKind: ParkedKind = {
  kind: RETRY_KIND,
  release: async (m, { workspaceId, item, now }) => UUID_RE.test(item) && new IntentRepository(m).releaseReserved(workspaceId, item, now),
};
