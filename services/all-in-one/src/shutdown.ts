import { InProcessBus } from '@cairn/kafka';
import { RunningService } from '@cairn/runtime';

/** How long the all-in-one waits at shutdown for its services to pass on what they hold. */
export const QUIESCE_TIMEOUT_MS = 10_000;

/**
 * Before the all-in-one's services stop, on its in-process bus (which keeps
 * nothing across a restart): waits until every outbox is empty and every
 * consumer has committed everything published, twice in a row, so a message
 * relayed at the end reaches a live consumer instead of vanishing with the
 * process. Bounded by `timeoutMs`: what is still in an outbox then stays in
 * the database and is published after the next start (the relays do not
 * drain into a bus without consumers).
 */
export async function quiesce(services: RunningService[], bus: InProcessBus, timeoutMs = QUIESCE_TIMEOUT_MS): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (Date.now() < deadline) {
    for (const s of services) s.platform.outbox.nudge();
    const outboxes = await Promise.all(services.map((s) => s.platform.outbox.pending().catch(() => 1)));
    const idle = bus.pending() === 0 && outboxes.every((n) => n === 0);
    quiet = idle ? quiet + 1 : 0;
    if (quiet >= 2) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
