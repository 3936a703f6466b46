import { checkResources, formatProblem, type CheckedResources, type Resource } from '@cairn/simulator';
import { folderArg, onlyFlags, type ParsedArgs } from '../args';
import { loadFolder } from '../files/load-folder';
import { EXIT, type CliIo } from '../io';

export interface ValidFolder {
  resources: Resource[];
  checked: CheckedResources;
}

/**
 * Loads a folder and checks it offline with the services' own validators,
 * references between files included; prints every problem as
 * `file: field.path: message`. Undefined when anything is wrong.
 */
export function loadValid(dir: string, io: CliIo): ValidFolder | undefined {
  const loaded = loadFolder(dir);
  for (const warning of loaded.warnings) io.err(`warning: ${warning}\n`);
  const checked = checkResources(loaded.resources);
  const problems = [...loaded.problems, ...checked.problems];
  for (const p of problems) io.err(`${formatProblem(p)}\n`);
  if (problems.length > 0) {
    io.err(`${problems.length} problem${problems.length === 1 ? '' : 's'} in ${dir}\n`);
    return undefined;
  }
  return { resources: loaded.resources, checked };
}

function counted(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** `cairn validate DIR`: offline; exit 1 on any problem. */
export function validateCommand(args: ParsedArgs, io: CliIo): number {
  onlyFlags(args, []);
  const dir = folderArg(args);
  const valid = loadValid(dir, io);
  if (!valid) return EXIT.failed;
  const p = valid.checked.prepared;
  const parts = [
    counted(p.segments.length, 'segment'),
    counted(p.journeys.length, 'journey'),
    counted(p.templates.length, 'template variant'),
    counted(p.channels.length, 'channel'),
    counted(p.couponPools.size, 'coupon pool'),
    p.policyBody === undefined ? 'no frequency policy' : 'a frequency policy',
  ];
  io.out(`${dir}: valid (${parts.join(', ')})\n`);
  return EXIT.ok;
}
