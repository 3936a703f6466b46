/** How often a segment's size is recorded, and for how long. */
export const SNAPSHOT_SLOT_MS = 10 * 60_000;
export const SNAPSHOT_RETENTION_MS = 90 * 86_400_000;

/** The start of the snapshot slot holding `t` (slots are aligned on the Unix epoch). */
export function slotOf(t: number): number {
  return Math.floor(t / SNAPSHOT_SLOT_MS) * SNAPSHOT_SLOT_MS;
}
