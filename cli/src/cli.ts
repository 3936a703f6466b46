/**
 * `cairn`: journeys as code. Files in git, checked offline, simulated in
 * virtual time, planned against and applied to a Cairn server.
 */
import { ValidationFailed } from '@cairn/core';
import { parseArgs, switchOn, UsageError } from './args';
import { applyCommand } from './commands/apply';
import { exportCommand } from './commands/export';
import { planCommand } from './commands/plan';
import { simulateCommand } from './commands/simulate';
import { validateCommand } from './commands/validate';
import { EXIT, type CliIo } from './io';
import { ApiError } from './remote/client';

export const VERSION = '0.1.0';

export const USAGE = `cairn: Cairn journeys as code

Usage:
  cairn validate DIR                       check the files offline with the services' validators (exit 1 on any problem)
  cairn simulate DIR --scenario FILE       run the files and a scenario in virtual time
        [--format text|json] [--expect FILE]   print a timeline or the JSON result; compare the messages (exit 1 with a diff)
  cairn plan DIR [--prune]                 what apply would do: create, update, publish a new version, delete, nothing
  cairn apply DIR [--prune] [--write-secrets]  make the server match the files (a second apply changes nothing)
  cairn export DIR [--format yaml|json] [--force]  write the server's resources as files

Server (plan, apply, export): --url URL and --admin-key KEY, or CAIRN_URL and CAIRN_ADMIN_KEY.

DIR holds one resource per file, JSON or YAML, each the body its REST API takes:
  segments/*  journeys/*  templates/*  channels/*  coupon-pools/*  frequency-policy.yaml
Channel secrets are written as \${ENV_NAME} and read from the environment at apply.
`;

type Command = (args: ReturnType<typeof parseArgs>, io: CliIo) => number | Promise<number>;

const COMMANDS: Record<string, Command> = {
  validate: validateCommand,
  simulate: simulateCommand,
  plan: planCommand,
  apply: applyCommand,
  export: exportCommand,
};

/** Runs one command line; returns the exit code. Never throws. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (switchOn(args, 'version')) {
      io.out(`cairn ${VERSION}\n`);
      return EXIT.ok;
    }
    if (args.command === undefined || args.command === 'help' || switchOn(args, 'help')) {
      io.out(USAGE);
      return args.command === undefined && !switchOn(args, 'help') ? EXIT.usage : EXIT.ok;
    }
    const command = COMMANDS[args.command];
    if (!command) throw new UsageError(`unknown command "${args.command}"; commands: ${Object.keys(COMMANDS).join(', ')}`);
    return await command(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`cairn: ${error.message}\n(cairn --help shows the commands)\n`);
      return EXIT.usage;
    }
    if (error instanceof ApiError || error instanceof ValidationFailed) {
      io.err(`cairn: ${error.message}\n`);
      return EXIT.failed;
    }
    io.err(`cairn: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
}
