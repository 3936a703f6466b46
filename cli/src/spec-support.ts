/** Test support for the cairn command (specs only): folders on disk and the command run in-process. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run } from './cli';

export interface Ran {
  code: number;
  out: string;
  err: string;
}

/** Runs `cairn …` in this process with the given environment. */
export async function cairn(argv: string[], env: Record<string, string | undefined> = {}): Promise<Ran> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t), env, now: () => 0 });
  return { code, out, err };
}

/** A temporary folder with these files (path → text, or a value written as JSON); removed by `cleanup`. */
export function folder(files: Record<string, unknown>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-cli-'));
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
