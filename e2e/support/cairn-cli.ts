import { repoRoot } from '@cairn/testing';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the built `cairn` command (dist/cli/src/main.js, what `npx cairn` runs) as its own process. */
export function cairn(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(repoRoot(), 'dist/cli/src/main.js'), ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, out, err) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });
}

/** A temporary folder holding these files (path → body, written as JSON). */
export function filesFolder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-e2e-'));
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), JSON.stringify(body, null, 2));
  }
  return dir;
}
