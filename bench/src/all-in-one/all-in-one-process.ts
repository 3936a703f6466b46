import { freePort, repoRoot, waitFor } from '@cairn/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Resident set size now (VmRSS) and at its peak (VmHWM) of a process, in MiB, from /proc. */
export function rssMiB(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Math.round((Number(new RegExp(`${name}:\\s+(\\d+)\\s+kB`).exec(status)?.[1] ?? NaN) / 1024) * 10) / 10;
  return { now: field('VmRSS'), peak: field('VmHWM') };
}

/** The node flags of package.json's `start` script (between `node` and the entry file), so the bench runs what `npm start` runs. */
export function npmStartNodeFlags(): string[] {
  const start = (JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const m = /(?:^|&&\s*)node\s+((?:--\S+\s+)*)dist\/services\/all-in-one\/src\/main\.js/.exec(start);
  if (!m) throw new Error(`package.json's start script does not run dist/services/all-in-one/src/main.js with node: ${start}`);
  return m[1].trim().split(/\s+/).filter(Boolean);
}

/** `npm start`'s process as a new user runs it: the embedded database in a fresh folder, the in-process bus, the dev workspace and its demo. */
export class AllInOneProcess {
  private output = '';
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    private readonly dir: string,
  ) {}

  static async start(): Promise<AllInOneProcess> {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-aio-'));
    writeFileSync(join(dir, 'cairn.json'), JSON.stringify({ dataDir: join(dir, 'data') }));
    const port = await freePort();
    // Exactly what `npm start` runs after the build (package.json), node flags included.
    const child = spawn(process.execPath, [...npmStartNodeFlags(), join(repoRoot(), 'dist/services/all-in-one/src/main.js')], {
      env: { PATH: process.env.PATH ?? '', PORT: String(port), CAIRN_CONFIG: join(dir, 'cairn.json'), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = new AllInOneProcess(child, `http://127.0.0.1:${port}`, dir);
    child.stdout!.on('data', (d) => (proc.output += String(d)));
    child.stderr!.on('data', (d) => (proc.output += String(d)));
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`the all-in-one exited with ${child.exitCode}: ${proc.output.slice(-2000)}`);
        return proc.output.includes('Try next');
      },
      { timeoutMs: 120_000, intervalMs: 200, what: 'the all-in-one to start and seed the demo' },
    );
    return proc;
  }

  rss(): { now: number; peak: number } {
    return rssMiB(this.child.pid!);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
