import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@cairn/testing';

/** What `stack:up` started, so `stack:down` stops exactly that. */
export interface StackFile {
  startedAt: string;
  databaseUrl: string;
  kafka: { brokers: string; pid?: number; dataDir?: string };
  services: Array<{ name: string; pid: number; port: number; log: string }>;
}

export function stackDir(): string {
  return join(repoRoot(), '.stack');
}

export function stackFilePath(): string {
  return join(stackDir(), 'stack.json');
}

export function readStackFile(): StackFile | undefined {
  const path = stackFilePath();
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as StackFile) : undefined;
}

export function writeStackFile(file: StackFile): void {
  mkdirSync(stackDir(), { recursive: true });
  writeFileSync(stackFilePath(), `${JSON.stringify(file, null, 2)}\n`);
}

export function removeStackFile(): void {
  rmSync(stackFilePath(), { force: true });
}

/** True when `pid` is alive and its command line contains `marker` (so a recycled pid is never signalled). */
export function isOurProcess(pid: number, marker: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return true; // no /proc (macOS): the pid answers, trust the file
  }
}

/** SIGTERM to the process group of `pid`, then waits for it to end (SIGKILL after the deadline). */
export async function stopProcess(pid: number, deadlineMs = 30_000): Promise<'stopped' | 'killed'> {
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-pid, s);
    } catch {
      try {
        process.kill(pid, s);
      } catch {
        /* already gone */
      }
    }
  };
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  signal('SIGTERM');
  const until = Date.now() + deadlineMs;
  while (alive() && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  if (!alive()) return 'stopped';
  signal('SIGKILL');
  return 'killed';
}
