import { RunEffects } from './run-effects';

/**
 * The effects of a batch in which a run may have been stepped several times,
 * ready for `applyEffectsBatch` (which cancels pending timers before it
 * inserts new ones): a timer a run scheduled and then cancelled within the
 * batch is dropped, so only the timers scheduled after a run's last
 * cancellation are written. Everything else keeps its order.
 */
export function withoutCancelledTimers(items: RunEffects[]): RunEffects[] {
  const cancelled = new Set<string>();
  const out: RunEffects[] = [];
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    const kept = [];
    for (let j = item.effects.length - 1; j >= 0; j--) {
      const e = item.effects[j];
      if (e.type === 'scheduleTimer' && cancelled.has(item.run.id)) continue;
      if (e.type === 'cancelTimers') cancelled.add(item.run.id);
      kept.push(e);
    }
    out.push({ ...item, effects: kept.reverse() });
  }
  return out.reverse();
}
