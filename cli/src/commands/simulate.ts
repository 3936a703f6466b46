import { ValidationFailed } from '@cairn/core';
import { compareMessages, formatTimeline, parseExpected, parseScenario, resultOf, Simulation, type Scenario } from '@cairn/simulator';
import { flag, folderArg, onlyFlags, UsageError, type ParsedArgs } from '../args';
import { FileError, readResourceFile } from '../files/parse-file';
import { EXIT, type CliIo } from '../io';
import { loadValid } from './validate';

/** Reads a file with a validator; prints `file: path: message` for each problem. */
function readWith<T>(file: string, io: CliIo, parse: (body: unknown) => T): T | undefined {
  try {
    return parse(readResourceFile(file));
  } catch (error) {
    if (error instanceof FileError) io.err(`${error.file}: ${error.message}\n`);
    else if (error instanceof ValidationFailed) for (const f of error.fields) io.err(`${file}: ${f.path ? `${f.path}: ` : ''}${f.message}\n`);
    else throw error;
    return undefined;
  }
}

/**
 * `cairn simulate DIR --scenario FILE [--format text|json] [--expect FILE]`:
 * runs the folder's resources and the scenario in virtual time; with
 * `--expect`, exits 1 with a diff when the messages differ.
 */
export function simulateCommand(args: ParsedArgs, io: CliIo): number {
  onlyFlags(args, ['scenario', 'format', 'expect']);
  const dir = folderArg(args);
  const scenarioFile = flag(args, 'scenario');
  if (!scenarioFile) throw new UsageError('cairn simulate needs --scenario FILE');
  const format = flag(args, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError('--format is text or json');
  const valid = loadValid(dir, io);
  const scenario: Scenario | undefined = readWith(scenarioFile, io, parseScenario);
  const expectFile = flag(args, 'expect');
  const expected = expectFile === undefined ? [] : readWith(expectFile, io, parseExpected);
  if (!valid || !scenario || !expected) return EXIT.failed;
  const began = io.now();
  const report = new Simulation(valid.checked.prepared, scenario, { trace: format === 'text' }).run();
  const took = io.now() - began;
  io.out(format === 'json' ? `${JSON.stringify(resultOf(report), null, 2)}\n` : formatTimeline(report, scenario.workspace.timezone));
  io.err(`simulated ${report.stats.users} users, ${report.stats.events} events, ${report.stats.steps} steps in ${Math.round(took)} ms\n`);
  if (expectFile === undefined) return EXIT.ok;
  const comparison = compareMessages(report.messages, expected, scenario.start);
  if (comparison.ok) {
    io.err(`${expectFile}: ${report.messages.length === 1 ? 'the message is' : `the ${report.messages.length} messages are`} as expected\n`);
    return EXIT.ok;
  }
  io.err(comparison.diff);
  return EXIT.failed;
}
