import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, repoRoot, waitFor } from './util';

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Output so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Sends the signal and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnServiceOptions {
  service: 'events' | 'segments' | 'journeys' | 'messaging';
  env: Record<string, string>;
  args?: string[];
  /** Node and V8 flags after SERVICE_NODE_FLAGS (of a flag given twice, the later wins): for experiments. */
  nodeFlags?: string[];
  /** Wait until /health/ready answers 200 (default true). */
  waitReady?: boolean;
  readyTimeoutMs?: number;
}

/**
 * Node flags every service process runs with, as in the image's CMD (deploy/tests/docker.spec.ts holds them
 * equal):
 * - a young generation of 2 × 8 MiB instead of V8's default of up to 2 × 64 MiB, which kept the peak RSS of a
 *   loaded service near 350 MiB (measured on events at ingest load: 352 MiB by default, 255 MiB with this, the
 *   same CPU per event);
 * - a major collection once the old generation has doubled since the last one, where V8 lets it grow up to
 *   fourfold on a large machine: under lag the garbage between collections was most of the peak (a heap
 *   snapshot at 150 MiB used held 44–48 MiB live). Bench M7.e2e peaks: events 253 → 198 MiB, journeys 384 →
 *   238, messaging 322 → 234, segments 452 → 383, with CPU per event within the run-to-run spread; a factor
 *   of 1.5 cut more but cost segments and events 13–17 % more CPU per event. An A/B of four alternating runs
 *   (README, "Services' memory") showed no M3.half cost: its p99 moved between 1.1 and 4.4 s with either setting.
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=8', '--heap-growing-percent=100'];

/** Runs a service from dist/ as its own process, the way production runs it. */
export async function spawnService(options: SpawnServiceOptions): Promise<ServiceProcess> {
  const entry = join(repoRoot(), 'dist/services', options.service, 'src/main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: the test harness builds dist/ in its global setup`);
  const port = options.env.PORT ?? String(await freePort());
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, ...(options.nodeFlags ?? []), entry, ...(options.args ?? [])], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...options.env, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const proc: ServiceProcess = {
    url,
    child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  if (options.waitReady !== false) {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${options.service} exited with ${child.exitCode} during start-up: ${output.slice(-2000)}`);
        const response = await fetch(`${url}/health/ready`).catch(() => undefined);
        return response?.status === 200;
      },
      { timeoutMs: options.readyTimeoutMs ?? 60_000, intervalMs: 200, what: `${options.service} to be ready` },
    );
  }
  return proc;
}
