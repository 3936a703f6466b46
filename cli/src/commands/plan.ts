import { folderArg, onlyFlags, switchOn, type ParsedArgs } from '../args';
import { EXIT, type CliIo } from '../io';
import { buildPlan, type PlanItem } from '../plan/build-plan';
import { formatPlan } from '../plan/plan-text';
import type { CairnClient } from '../remote/client';
import { readRemote } from '../remote/read-remote';
import { clientFrom } from '../remote/settings';
import { loadValid } from './validate';

export interface ComputedPlan {
  client: CairnClient;
  items: PlanItem[];
}

/** Validates the folder offline, reads the server and compares; undefined (problems printed) when the folder is invalid. */
export async function computePlan(args: ParsedArgs, io: CliIo): Promise<ComputedPlan | undefined> {
  const dir = folderArg(args);
  const client = clientFrom(args, io);
  const valid = loadValid(dir, io);
  if (!valid) return undefined;
  const remote = await readRemote(client, [...valid.checked.prepared.couponPools.keys()]);
  if (!remote.couponPoolsListed) io.err('warning: this server cannot list coupon pools; only the pools named in the files were compared\n');
  const options = { prune: switchOn(args, 'prune'), writeSecrets: switchOn(args, 'write-secrets'), env: io.env };
  return { client, items: buildPlan(valid.checked.prepared, valid.resources, remote, options) };
}

/** `cairn plan DIR [--prune] [--write-secrets]`: what apply would do, as a readable diff; changes nothing. */
export async function planCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  onlyFlags(args, ['url', 'admin-key', 'prune', 'write-secrets']);
  const plan = await computePlan(args, io);
  if (!plan) return EXIT.failed;
  io.out(formatPlan(plan.items, plan.client.url));
  return EXIT.ok;
}
