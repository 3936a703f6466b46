/**
 * `--format text`: the simulation as a timeline a person reads, one line per
 * event, segment change, run step and message decision, in the workspace's
 * time zone with the offset from the start, then a summary.
 */
import { localParts } from '@cairn/core';
import type { SimulationReport } from './output';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-03-02 09:45:00` in `tz`. */
export function localTime(ms: number, tz: string): string {
  const p = localParts(new Date(ms), tz);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** `+1d2h30m` from the start (`+0s` at the start, `-3d` before it). */
export function offsetLabel(ms: number): string {
  if (ms === 0) return '+0s';
  let rest = Math.abs(ms);
  let out = ms < 0 ? '-' : '+';
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ] as const) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return rest > 0 ? `${out}${rest}ms` : out;
}

function counts(values: string[]): string {
  const byValue = new Map<string, number>();
  for (const v of values) byValue.set(v, (byValue.get(v) ?? 0) + 1);
  return [...byValue].map(([v, n]) => `${n} ${v}`).join(', ');
}

export function summary(report: SimulationReport): string[] {
  const m = report.messages;
  const held = m.filter((x) => x.reason !== null).map((x) => `${x.status} ${x.reason}`);
  return [
    `messages: ${m.length}${m.length ? ` (${counts(m.map((x) => x.status))})` : ''}${held.length ? `; held back: ${counts(held)}` : ''}`,
    `segment changes: ${report.segments.length}${report.segments.length ? ` (${counts(report.segments.map((s) => `${s.change} ${s.segment}`))})` : ''}`,
    `runs: ${report.runs.length}${report.runs.length ? ` (${counts(report.runs.map((r) => `${r.journey} ${r.status}`))})` : ''}`,
    ...(report.skipped.length ? [`not requested: ${counts(report.skipped.map((s) => `${s.journey}/${s.step} ${s.reason}`))}`] : []),
  ];
}

export function formatTimeline(report: SimulationReport, timezone: string): string {
  const { start, until, users, events } = report.stats;
  const userWidth = Math.min(24, Math.max(4, ...report.trace.map((t) => (t.userId ?? '').length)));
  const lines = [`Simulation from ${localTime(start, timezone)} to ${localTime(until, timezone)} (${timezone}): ${users} users, ${events} events`, ''];
  for (const t of report.trace) {
    lines.push(`${localTime(t.at, timezone)}  ${offsetLabel(t.at - start).padEnd(12)}  ${(t.userId ?? '*').padEnd(userWidth)}  ${t.what}`);
  }
  lines.push('', ...summary(report));
  return `${lines.join('\n')}\n`;
}
