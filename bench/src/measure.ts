import { readdirSync, readFileSync } from 'node:fs';
import { build, Histogram } from 'hdr-histogram-js';

/** Latencies in microseconds, 1 µs to 10 min, 3 significant digits. */
export function latencyHistogram(): Histogram {
  return build({ bitBucketSize: 64, lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
}

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function summarize(h: Histogram): LatencySummary {
  const ms = (us: number) => Math.round(us / 10) / 100;
  return { count: h.totalCount, p50Ms: ms(h.getValueAtPercentile(50)), p99Ms: ms(h.getValueAtPercentile(99)), maxMs: ms(h.maxValue) };
}

/** Microseconds since an arbitrary origin, monotonic. */
export function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** CPU time of this process in microseconds (user + system). */
export function selfCpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time of another process in microseconds, from /proc/<pid>/stat (utime + stime). */
export function processCpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1_000_000) / CLOCK_TICKS_PER_SECOND;
}

/** Peak resident set size of a process in MiB (VmHWM). */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

/** Runs `fn` with `concurrency` workers until `total` items were taken; returns elapsed ms. */
export async function runWorkers(concurrency: number, total: number, fn: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await fn(next++);
    }),
  );
  return performance.now() - started;
}

/**
 * Open-loop schedule: calls `fire(i, intendedUs)` at `rate` per second for
 * `durationMs`, never waiting for a previous call, so a slow system cannot
 * slow the generator down (no coordinated omission). Latency must be measured
 * from `intendedUs`, the instant the event was due to be sent.
 */
export async function openLoop(rate: number, durationMs: number, fire: (i: number, intendedUs: number) => void): Promise<number> {
  const total = Math.floor((rate * durationMs) / 1000);
  const start = nowUs();
  const intervalUs = 1_000_000 / rate;
  let i = 0;
  while (i < total) {
    const now = nowUs();
    while (i < total && start + i * intervalUs <= now) {
      fire(i, start + i * intervalUs);
      i++;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  return total;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** CPU time in microseconds of every process whose command name is `comm` (for example every Postgres backend), by pid. */
export function processesCpuUs(comm: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) out.set(Number(entry), processCpuUs(Number(entry)));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}
