import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Machine } from './machine';

export interface Figure {
  id: string;
  name: string;
  value: number | null;
  unit: string;
  /** The baseline figure this one is compared with. */
  baseline?: { id: string; value: number | null };
  ratio?: number | null;
  target?: string;
  met?: boolean | null;
  note?: string;
}

const started = Date.now();

/** Progress line with the elapsed time of the run. */
export function progress(line: string): void {
  const s = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[${s}s] ${line}\n`);
}

function fmt(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (value !== 0 && Math.abs(value) < 0.1) return value.toPrecision(2);
  return String(Math.round(value * 100) / 100);
}

function metCell(f: Figure): string {
  if (f.met === undefined) return '';
  if (f.met === null) return 'not measured';
  return f.met ? 'met' : 'MISSED';
}

export function tableRows(figures: Figure[]): string[][] {
  return figures.map((f) => [
    f.id,
    f.name,
    f.value === null ? `not measured` : fmt(f.value),
    f.unit,
    f.baseline ? `${f.baseline.id} ${fmt(f.baseline.value)}` : '',
    f.ratio === undefined ? '' : fmt(f.ratio),
    f.target ?? '',
    metCell(f),
    f.note ?? '',
  ]);
}

const HEAD = ['id', 'metric', 'value', 'unit', 'baseline', 'ratio', 'target', 'met', 'note'];

export function printTable(figures: Figure[]): void {
  const rows = [HEAD, ...tableRows(figures)];
  const widths = HEAD.map((_, c) => Math.min(60, Math.max(...rows.map((r) => r[c].length))));
  const line = (r: string[]) => r.map((cell, c) => cell.slice(0, 60).padEnd(widths[c])).join('  ');
  process.stdout.write(`\n${line(rows[0])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const r of rows.slice(1)) process.stdout.write(`${line(r)}\n`);
}

export function markdown(figures: Figure[], machine: Machine, mode: string, durationS: number): string {
  const escape = (s: string) => s.replace(/\|/g, '\\|');
  const rows = [HEAD, HEAD.map(() => '---'), ...tableRows(figures)].map((r) => `| ${r.map(escape).join(' | ')} |`);
  return [
    `# Benchmark summary (${mode} run)`,
    '',
    `Run at ${machine.at}, ${Math.round(durationS)} s. Ratios compare each figure with its baseline measured in the same run on the same machine;`,
    'absolute figures depend on the machine and on whatever else ran on it.',
    '',
    '| machine | |',
    '| --- | --- |',
    `| CPU | ${machine.cores} × ${escape(machine.cpuModel)} |`,
    `| memory | ${machine.memoryGiB} GiB |`,
    `| Node | ${machine.node}; the services run with \`${machine.serviceFlags}\` |`,
    `| Kafka | ${machine.kafka} |`,
    `| Postgres | ${escape(machine.postgres)} |`,
    `| load average at start | ${machine.loadAverage} |`,
    '',
    ...rows,
    '',
  ].join('\n');
}

export function writeReport(dir: string, figures: Figure[], machine: Machine, mode: string, durationS: number, extra: object): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), JSON.stringify({ mode, durationS: Math.round(durationS), machine, figures, ...extra }, null, 2) + '\n');
  writeFileSync(join(dir, 'summary.md'), markdown(figures, machine, mode, durationS));
}
