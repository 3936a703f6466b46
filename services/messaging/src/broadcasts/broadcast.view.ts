import { Broadcast } from './broadcast';
import { BroadcastCounts } from './broadcast-target.repository';

/** How far a broadcast got. */
export interface BroadcastProgress {
  /** Members of the segment at send time read so far (all of them once `targetingDone`), holdout included. */
  targeted: number;
  targetingDone: boolean;
  /** Kept out as the holdout group: sent nothing. */
  holdout: number;
  /** Not yet requested. */
  pending: number;
  /** Not requested because the broadcast was cancelled. */
  cancelled: number;
  /** Messages recorded, by where they stand. */
  sending: number;
  sent: number;
  deferred: number;
  suppressed: number;
  failed: number;
  suppressedByReason: Record<string, number>;
  deferredByReason: Record<string, number>;
  failedByReason: Record<string, number>;
}

export interface BroadcastView {
  id: string;
  key: string;
  segment: string;
  channel: string;
  template: string;
  category: string;
  sendAt: string;
  ratePerMinute: number | null;
  holdout: number;
  status: Broadcast['status'];
  reason: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  progress: BroadcastProgress;
}

/** Statuses a sent message can have (a receipt moves SENT on). */
const SENT = ['SENT', 'DELIVERED', 'BOUNCED', 'OPENED', 'CLICKED', 'COMPLAINED'];

function progressOf(b: Broadcast, counts: BroadcastCounts): BroadcastProgress {
  const state = (s: string) => counts.targets.find((t) => t.state === s)?.n ?? 0;
  const p: BroadcastProgress = {
    targeted: counts.targets.reduce((sum, t) => sum + t.n, 0),
    targetingDone: b.targetingDone,
    holdout: state('holdout'),
    pending: state('pending'),
    cancelled: state('cancelled'),
    sending: 0,
    sent: 0,
    deferred: 0,
    suppressed: 0,
    failed: 0,
    suppressedByReason: {},
    deferredByReason: {},
    failedByReason: {},
  };
  for (const { status, reason, n } of counts.messages) {
    if (SENT.includes(status)) p.sent += n;
    else if (status === 'SENDING' || status === 'PENDING') p.sending += n;
    else {
      const [total, byReason] =
        status === 'DEFERRED'
          ? ['deferred', p.deferredByReason]
          : status === 'SUPPRESSED'
            ? ['suppressed', p.suppressedByReason]
            : ['failed', p.failedByReason];
      p[total as 'deferred' | 'suppressed' | 'failed'] += n;
      byReason[reason ?? 'unknown'] = (byReason[reason ?? 'unknown'] ?? 0) + n;
    }
  }
  return p;
}

export function broadcastView(b: Broadcast, counts: BroadcastCounts): BroadcastView {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: b.id,
    key: b.key,
    segment: b.segment,
    channel: b.channel,
    template: b.template,
    category: b.category,
    sendAt: b.sendAt.toISOString(),
    ratePerMinute: b.ratePerMinute,
    holdout: b.holdout,
    status: b.status,
    reason: b.reason,
    createdAt: b.createdAt.toISOString(),
    startedAt: iso(b.startedAt),
    endedAt: iso(b.endedAt),
    progress: progressOf(b, counts),
  };
}
