import { FaultySink } from './sink';

/**
 * What every user must get: one message per (user, template) that an accepted
 * event calls for, and none once a later accepted event withdrew it (an order
 * withdraws the cart reminder). Checked against the sink by distinct
 * idempotency keys.
 */
export class Ledger {
  private readonly expected = new Map<string, Set<string>>();
  accepted = 0;
  private readonly usersAccepted = new Set<string>();

  constructor(private readonly sink: FaultySink) {}

  /** An event of the user was accepted (200): it expects `template`, and withdraws `withdraws`. */
  accept(user: string, template: string, withdraws?: string): void {
    this.accepted++;
    this.usersAccepted.add(user);
    const set = this.expected.get(user) ?? new Set<string>();
    set.add(template);
    if (withdraws) set.delete(withdraws);
    this.expected.set(user, set);
  }

  refused(users: number): number {
    return users - [...this.usersAccepted].filter((u) => u.startsWith('u-')).length;
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
    for (const [user, templates] of this.expected) {
      for (const template of templates) {
        expected++;
        const n = keys.get(`${user}\u0000${template}`)?.size ?? 0;
        if (n > 0) delivered++;
        if (n === 0) {
          lost++;
          details.push(`lost: ${user} ${template}`);
        }
        if (n > 1) {
          duplicated += n - 1;
          details.push(`duplicated: ${user} ${template} ×${n}`);
        }
      }
    }
    for (const slot of keys.keys()) {
      const [user, template] = slot.split('\u0000');
      if (!this.expected.get(user)?.has(template)) {
        unexpected++;
        details.push(`unexpected: ${user} ${template}`);
      }
    }
    return { expected, delivered, lost, duplicated: duplicated + unexpected, unexpected, sameKeyAgain, details };
  }
}
