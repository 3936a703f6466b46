import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@cairn/testing';

/** The ```bash blocks of one `## ` section of README.md, in order. */
export function readmeBashBlocks(section: string): string[] {
  const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${section}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${section}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  const body = readme.slice(start, end < 0 ? undefined : end);
  return [...body.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
}
