import { FaultySink } from './sink';

/** What the segments service counted of one event of one user, against what was posted and accepted. */
export interface EventTally {
  user: string;
  event: string;
  /** Distinct message ids posted (each may have reached Cairn even when no answer came back). */
  posted: number;
  /** Distinct message ids answered 200. */
  accepted: number;
}

/**
 * What every user must get, from what Cairn accepted: per user, expectations
 * that each need exactly one message from a set of templates (a single
 * template, or one of two promotions a frequency cap allows only one of), and
 * none once a later accepted event withdrew it (an order withdraws the cart
 * reminder). Anything else delivered to the user is unexpected. Checked
 * against the sink by distinct idempotency keys.
 *
 * It also keeps every event posted and accepted per user, so the segments
 * service's per-user counts can be checked against it.
 */
export class Ledger {
  private readonly expected = new Map<string, string[][]>();
  private readonly events = new Map<string, { posted: Set<string>; accepted: Set<string> }>();
  accepted = 0;
  private readonly usersAccepted = new Set<string>();

  constructor(private readonly sink: FaultySink) {}

  /** A user's event is about to be posted. */
  posted(user: string, event: string, messageId: string): void {
    this.tally(user, event).posted.add(messageId);
  }

  /** The event (a user's, or with `user` null an item's) was answered 200. */
  acceptedEvent(user: string | null, event: string, messageId: string): void {
    this.accepted++;
    if (user === null) return;
    this.usersAccepted.add(user);
    this.tally(user, event).accepted.add(messageId);
  }

  /** The user must get exactly one message of one of `templates` (once, however often this is said). */
  expect(user: string, ...templates: string[]): void {
    const groups = this.expected.get(user) ?? [];
    if (!groups.some((g) => g.join() === templates.join())) groups.push(templates);
    this.expected.set(user, groups);
  }

  /** A later accepted event withdrew what the user was to get of `template`. */
  withdraw(user: string, template: string): void {
    this.expected.set(
      user,
      (this.expected.get(user) ?? []).filter((g) => !g.includes(template)),
    );
  }

  refused(users: number): number {
    return users - [...this.usersAccepted].filter((u) => u.startsWith('u-')).length;
  }

  tallies(): EventTally[] {
    return [...this.events].map(([slot, t]) => {
      const [user, event] = slot.split('\u0000');
      return { user, event, posted: t.posted.size, accepted: t.accepted.size };
    });
  }

  check(): { expected: number; delivered: number; lost: number; duplicated: number; unexpected: number; sameKeyAgain: number; details: string[] } {
    const keys = new Map<string, Set<string>>();
    let sameKeyAgain = 0;
    const seen = new Set<string>();
    for (const d of this.sink.deliveries) {
      if (seen.has(d.idempotencyKey)) sameKeyAgain++;
      seen.add(d.idempotencyKey);
      const slot = `${d.userId}\u0000${d.template}`;
      keys.set(slot, (keys.get(slot) ?? new Set()).add(d.idempotencyKey));
    }
    let expected = 0;
    let delivered = 0;
    let lost = 0;
    let duplicated = 0;
    let unexpected = 0;
    const details: string[] = [];
    for (const [user, groups] of this.expected) {
      for (const group of groups) {
        expected++;
        const n = group.reduce((sum, template) => sum + (keys.get(`${user}\u0000${template}`)?.size ?? 0), 0);
        if (n > 0) delivered++;
        if (n === 0) {
          lost++;
          details.push(`lost: ${user} ${group.join(' or ')}`);
        }
        if (n > 1) {
          duplicated += n - 1;
          details.push(`duplicated: ${user} ${group.join(' or ')} ×${n}`);
        }
      }
    }
    for (const slot of keys.keys()) {
      const [user, template] = slot.split('\u0000');
      if (!this.expected.get(user)?.some((g) => g.includes(template))) {
        unexpected++;
        details.push(`unexpected: ${user} ${template}`);
      }
    }
    return { expected, delivered, lost, duplicated: duplicated + unexpected, unexpected, sameKeyAgain, details };
  }

  private tally(user: string, event: string): { posted: Set<string>; accepted: Set<string> } {
    const slot = `${user}\u0000${event}`;
    let t = this.events.get(slot);
    if (!t) this.events.set(slot, (t = { posted: new Set(), accepted: new Set() }));
    return t;
  }
}
