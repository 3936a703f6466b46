/** A plan as a person reads it: one line per resource that changes, its field changes under it, then the counts. */
import type { PlanAction, PlanItem } from './plan.types';

const MARK: Record<PlanAction, string> = { create: '+', update: '~', publish: '^', delete: '-', unchanged: '=', kept: '!' };
const WORD: Record<PlanAction, string> = {
  create: 'create',
  update: 'update',
  publish: 'publish',
  delete: 'delete',
  unchanged: 'unchanged',
  kept: 'kept',
};

export function itemLine(item: PlanItem, done = false): string {
  const verb = done
    ? { create: 'created', update: 'updated', publish: 'published', delete: 'deleted', unchanged: 'unchanged', kept: 'kept' }[item.action]
    : WORD[item.action];
  const note = item.note ? ` ${done ? item.note.replace(/\bpublish\b/g, 'published') : item.note}` : '';
  const source = item.source ? `  (${item.source})` : '';
  return `${MARK[item.action]} ${item.label}: ${verb}${note}${source}`;
}

export function countsLine(items: readonly PlanItem[]): string {
  const n = (a: PlanAction) => items.filter((i) => i.action === a).length;
  const parts = [
    `${n('create')} to create`,
    `${n('update')} to update`,
    `${n('publish')} to publish`,
    `${n('delete')} to delete`,
    `${n('unchanged')} unchanged`,
    ...(n('kept') ? [`${n('kept')} only on the server`] : []),
  ];
  return parts.join(', ');
}

export function hasChanges(items: readonly PlanItem[]): boolean {
  return items.some((i) => i.calls.length > 0);
}

/** The whole plan; unchanged resources are counted, not listed. */
export function formatPlan(items: readonly PlanItem[], target: string): string {
  const lines = [`Plan for ${target}:`, ''];
  for (const item of items) {
    if (item.action === 'unchanged') continue;
    lines.push(`  ${itemLine(item)}`);
    for (const d of item.diff) lines.push(`      ${d}`);
  }
  if (!hasChanges(items)) lines.push('  No changes: the server matches the files.');
  lines.push('', `Plan: ${countsLine(items)}.`);
  return `${lines.join('\n')}\n`;
}
