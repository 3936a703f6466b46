/** Writing resources as files, one per file, in the layout `loadFolder` reads. */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { FOLDERS, POLICY_FILE } from './load-folder';
import { isResourceFile } from './parse-file';

export type FileFormat = 'yaml' | 'json';

export interface FileToWrite {
  /** Relative to the folder, without the extension: `segments/flagship-hot`. */
  name: string;
  body: unknown;
}

export function render(body: unknown, format: FileFormat): string {
  return format === 'json' ? `${JSON.stringify(body, null, 2)}\n` : stringify(body, { lineWidth: 0 });
}

/** The resource files already in `root` (those loadFolder would read). */
export function existingResourceFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const found = readdirSync(root).filter((n) => isResourceFile(n) && n.replace(/\.(json|ya?ml)$/, '') === POLICY_FILE);
  for (const { dir } of FOLDERS) {
    const folder = join(root, dir);
    if (existsSync(folder))
      found.push(
        ...readdirSync(folder)
          .filter(isResourceFile)
          .map((n) => join(dir, n)),
      );
  }
  return found;
}

/** Writes the files; `replace` first removes the resource files already there, so the folder holds exactly these. */
export function writeFolder(root: string, files: readonly FileToWrite[], format: FileFormat, replace: boolean): string[] {
  if (replace) for (const f of existingResourceFiles(root)) rmSync(join(root, f));
  const written: string[] = [];
  for (const file of files) {
    const path = join(root, `${file.name}.${format}`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, render(file.body, format));
    written.push(path);
  }
  return written;
}
