/** The command line: `cairn <command> [DIR] [--flag value | --switch]`. */

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ParsedArgs {
  command: string | undefined;
  positional: string[];
  flags: Map<string, string | true>;
}

/** Flags that take a value (`--url http://…` or `--url=http://…`); the others are switches. */
const VALUED = new Set(['url', 'admin-key', 'scenario', 'format', 'expect']);
const SWITCHES = new Set(['prune', 'write-secrets', 'force', 'help', 'version']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h') {
      flags.set('help', true);
      continue;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (VALUED.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    } else if (SWITCHES.has(name) && inline === undefined) {
      flags.set(name, true);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { command: positional.shift(), positional, flags };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

export function switchOn(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true;
}

/** The one folder argument of a command. */
export function folderArg(args: ParsedArgs): string {
  if (args.positional.length !== 1) throw new UsageError(`cairn ${args.command} takes one folder: cairn ${args.command} DIR`);
  return args.positional[0];
}

/** Refuses flags the command does not take. */
export function onlyFlags(args: ParsedArgs, allowed: readonly string[]): void {
  for (const name of args.flags.keys()) {
    if (name !== 'help' && !allowed.includes(name)) throw new UsageError(`cairn ${args.command} does not take --${name}`);
  }
}
