import { TOPICS } from '@cairn/contracts';
import { repoRoot, SERVICE_NODE_FLAGS } from '@cairn/testing';
import { join, resolve } from 'node:path';
import { BenchContext, Phase } from './context';
import { BenchInfra } from './infra';
import { describeMachine } from './machine';
import { autoExplainSettings, PG_STATEMENTS_SETTINGS, PgStatements } from './pg-statements';
import { allInOnePhase } from './phases/all-in-one';
import { baselinesPhase } from './phases/baselines';
import { capsPhase } from './phases/caps';
import { e2ePhase } from './phases/e2e';
import { ingestPhase } from './phases/ingest';
import { latencyPhase } from './phases/latency';
import { resourcesPhase } from './phases/resources';
import { segmentTimersPhase } from './phases/segment-timers';
import { sweepPhase } from './phases/sweep';
import { timersPhase } from './phases/timers';
import { printTable, progress, writeReport } from './report';
import { SIZES } from './sizes';

/**
 * The phases in the order they run. Baselines always run (every ratio needs
 * them); `--only a,b` runs those of the others, in this order.
 */
export const PHASES: Phase[] = [
  baselinesPhase,
  ingestPhase,
  capsPhase,
  latencyPhase,
  e2ePhase,
  sweepPhase,
  timersPhase,
  segmentTimersPhase,
  resourcesPhase,
  allInOnePhase,
];

/** The value after a flag, unless it is the next flag. */
function optionalValue(arg: string | undefined): string | undefined {
  return arg === undefined || arg.startsWith('--') ? undefined : arg;
}

/** `--service-flags "<flags>"`: Node and V8 flags every service process gets after SERVICE_NODE_FLAGS. */
function serviceFlagsOf(argv: string[]): string[] {
  const at = argv.indexOf('--service-flags');
  if (at < 0) return [];
  const flags = (argv[at + 1] ?? '').split(/\s+/).filter(Boolean);
  if (flags.length === 0 || flags.some((f) => !f.startsWith('--')))
    throw new Error(
      `--service-flags takes node flags in one argument, e.g. --service-flags "--perf-basic-prof --max-old-space-size=160"; got "${argv[at + 1] ?? ''}"`,
    );
  return flags;
}

function selectedPhases(argv: string[]): Phase[] {
  const at = argv.indexOf('--only');
  const raw = at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  if (raw === undefined) return PHASES;
  const wanted = new Set(
    raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const unknown = [...wanted].filter((w) => !PHASES.some((p) => p.name === w));
  if (unknown.length > 0 || wanted.size === 0) throw new Error(`--only takes phase names among ${PHASES.map((p) => p.name).join(', ')}; got "${raw}"`);
  return PHASES.filter((p) => p === baselinesPhase || wanted.has(p.name));
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const phases = selectedPhases(process.argv);
  const size = SIZES[quick ? 'quick' : 'full'];
  const t0 = Date.now();
  progress(`Cairn benchmark, ${quick ? 'quick' : 'full'} mode${phases.length < PHASES.length ? `, phases ${phases.map((p) => p.name).join(', ')}` : ''}`);
  const profileAt = process.argv.indexOf('--cpu-prof');
  const cpuProfileDir = profileAt >= 0 ? resolve(optionalValue(process.argv[profileAt + 1]) ?? 'bench/results/profiles') : undefined;
  if (cpuProfileDir) progress(`each service writes a CPU profile to ${cpuProfileDir} when it stops`);
  const statementsAt = process.argv.indexOf('--pg-statements');
  const explainAt = process.argv.indexOf('--auto-explain');
  const explainMs = explainAt >= 0 ? Number(optionalValue(process.argv[explainAt + 1]) ?? 5) : undefined;
  if (explainMs !== undefined && !(Number.isInteger(explainMs) && explainMs >= 0)) throw new Error('--auto-explain takes a whole number of milliseconds');
  const statementsArg = statementsAt >= 0 ? optionalValue(process.argv[statementsAt + 1]) : undefined;
  const statementsDir = statementsAt >= 0 || explainMs !== undefined ? resolve(statementsArg ?? 'bench/results/statements') : undefined;
  const postgresSettings =
    explainMs !== undefined ? autoExplainSettings(explainMs, join(statementsDir!, 'plans')) : statementsDir ? PG_STATEMENTS_SETTINGS : [];
  const serviceFlags = serviceFlagsOf(process.argv);
  if (serviceFlags.length > 0) progress(`every service runs with ${serviceFlags.join(' ')} after ${SERVICE_NODE_FLAGS.join(' ')}`);
  const infra = await BenchInfra.start({ cpuProfileDir, postgresSettings, serviceFlags });
  if (explainMs !== undefined) progress(`plans of statements over ${explainMs} ms (auto_explain) go to ${join(statementsDir!, 'plans', 'plans.log')}`);
  const machine = await describeMachine(infra.infra.databaseUrl, infra.kafkaVersion, infra.infra.databaseSource, [...SERVICE_NODE_FLAGS, ...serviceFlags]);
  progress(`Kafka ${infra.brokers} (${infra.infra.kafkaSource}), Postgres ${machine.postgres} (${infra.infra.databaseSource}), database ${infra.db.name}`);
  const ctx = new BenchContext(infra, size, quick, infra.prefix('sys'));
  let statements: PgStatements | undefined;
  if (statementsDir) {
    if (infra.infra.databaseSource !== 'own')
      progress(`--pg-statements needs the bench's own Postgres (this run's is ${infra.infra.databaseSource}); not recorded`);
    else {
      statements = await PgStatements.start(infra.db.url, statementsDir);
      progress(`each phase's statements (pg_stat_statements) go to ${statementsDir}/<phase>.md`);
    }
  }
  const cleanup = async () => {
    await statements?.close().catch(() => undefined);
    await ctx.stopAll();
    await infra.stop();
  };
  const abort = (code: number, why: string) => {
    process.stderr.write(`${why}; stopping what the benchmark started\n`);
    // In-flight work fails while things stop under it; that is expected now.
    process.on('uncaughtException', () => undefined);
    process.on('unhandledRejection', () => undefined);
    void cleanup().finally(() => process.exit(code));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => abort(130, `received ${signal}`));
  // The event loop drained while the run was still awaiting something: a client hung without a timer.
  process.once('beforeExit', () => abort(1, 'benchmark stalled (a promise never settled)'));
  try {
    await infra.createTopics(ctx.prefix, [TOPICS.events, TOPICS.segmentMembership, TOPICS.messageRequests, TOPICS.messageOutcomes]);
    for (const [i, phase] of phases.entries()) {
      if (phases.length < PHASES.length) progress(`phase ${phase.name}`);
      await statements?.reset();
      await phase.run(ctx);
      if (statements) progress(`  statements of ${phase.name}: ${await statements.write(phase.name)}`);
      // The end-to-end stack stops after its last phase, so it does not load the phases after it.
      if (phase.usesE2e && !phases.slice(i + 1).some((p) => p.usesE2e)) await ctx.stopE2e();
    }
  } finally {
    await cleanup();
  }
  const durationS = (Date.now() - t0) / 1000;
  printTable(ctx.figures);
  writeReport(join(repoRoot(), 'bench/results'), ctx.figures, machine, quick ? 'quick' : 'full', durationS, { sizes: size, phases: phases.map((p) => p.name) });
  progress(`wrote bench/results/latest.json and bench/results/summary.md in ${Math.round(durationS)} s`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`benchmark failed: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
