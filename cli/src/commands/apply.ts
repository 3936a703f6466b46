import { onlyFlags, type ParsedArgs } from '../args';
import { EXIT, type CliIo } from '../io';
import type { PlanItem } from '../plan/build-plan';
import { countsLine, hasChanges, itemLine } from '../plan/plan-text';
import { MissingVariable, resolveReferences } from '../plan/secrets';
import { ApiError, type CairnClient } from '../remote/client';
import { computePlan } from './plan';

function doneLine(items: readonly PlanItem[]): string {
  const n = (a: PlanItem['action']) => items.filter((i) => i.action === a).length;
  return `${n('create')} created, ${n('update')} updated, ${n('publish')} published, ${n('delete')} deleted, ${n('unchanged')} unchanged`;
}

/** Prints why a call failed, naming the file and the field when the server names one. */
function explain(item: PlanItem, error: unknown, io: CliIo): void {
  const where = item.source ?? item.label;
  if (error instanceof MissingVariable) {
    io.err(`${where}: ${error.path ? `${error.path}: ` : ''}${error.message}\n`);
  } else if (error instanceof ApiError) {
    const fields = error.body?.fields ?? [];
    if (fields.length === 0) io.err(`${where}: ${error.message}\n`);
    for (const f of fields) io.err(`${where}: ${f.path ? `${f.path}: ` : ''}${f.message}\n`);
  } else {
    io.err(`${where}: ${(error as Error).message}\n`);
  }
}

async function applyItem(client: CairnClient, item: PlanItem, env: CliIo['env']): Promise<void> {
  for (const call of item.calls) {
    const body = call.resolve ? resolveReferences(call.body, env, true) : call.body;
    await client.request(call.method, call.path, body);
  }
}

/**
 * `cairn apply DIR [--prune] [--write-secrets]`: makes the server match the
 * files, in plan order; stops at the first refusal (exit 1). Applying the
 * same files again changes nothing.
 */
export async function applyCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  onlyFlags(args, ['url', 'admin-key', 'prune', 'write-secrets']);
  const plan = await computePlan(args, io);
  if (!plan) return EXIT.failed;
  if (!hasChanges(plan.items)) {
    io.out(`No changes: ${plan.client.url} matches the files (${countsLine(plan.items)}).\n`);
    return EXIT.ok;
  }
  io.out(`Applying to ${plan.client.url}:\n`);
  for (const item of plan.items) {
    if (item.calls.length === 0) continue;
    try {
      await applyItem(plan.client, item, io.env);
    } catch (error) {
      io.out(`  failed: ${item.label}\n`);
      explain(item, error, io);
      return EXIT.failed;
    }
    io.out(`  ${itemLine(item, true)}\n`);
  }
  io.out(`Applied: ${doneLine(plan.items)}.\n`);
  return EXIT.ok;
}
