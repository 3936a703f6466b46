/**
 * A folder of resources, one per file, each body exactly what the REST API
 * takes:
 *
 * ```
 * segments/<key>.yaml         POST /v1/segments
 * journeys/<key>.yaml         POST /v1/journeys (then published)
 * templates/<key>[.<locale>].yaml  POST /v1/templates (the locale is in the body)
 * channels/<key>.yaml         POST /v1/channels (secrets as ${ENV_NAME})
 * coupon-pools/<key>.yaml     PUT /v1/coupon-pools/<key> (the key is the file name)
 * frequency-policy.yaml       PUT /v1/frequency-policy
 * ```
 *
 * JSON (`.json`) or YAML (`.yaml`, `.yml`). Other files are ignored, except
 * resource files in an unknown folder, which are reported.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Resource, ResourceKind, ResourceProblem } from '@cairn/simulator';
import { FileError, isResourceFile, readResourceFile, RESOURCE_EXTENSIONS } from './parse-file';

export const FOLDERS: ReadonlyArray<{ dir: string; kind: ResourceKind }> = [
  { dir: 'segments', kind: 'segment' },
  { dir: 'journeys', kind: 'journey' },
  { dir: 'templates', kind: 'template' },
  { dir: 'channels', kind: 'channel' },
  { dir: 'coupon-pools', kind: 'couponPool' },
];
export const POLICY_FILE = 'frequency-policy';

export interface LoadedFolder {
  resources: Resource[];
  /** Files that could not be read or parsed. */
  problems: ResourceProblem[];
  /** Folders that hold resource files but are none of the known ones (a typo such as `segment/`, or scenarios kept beside). */
  warnings: string[];
}

function withoutExtension(name: string): string {
  const ext = RESOURCE_EXTENSIONS.find((e) => name.endsWith(e))!;
  return name.slice(0, -ext.length);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => isResourceFile(name) && statSync(join(dir, name)).isFile())
    .sort();
}

/** Loads every resource file of `root`; `shown` is how file names are printed (the folder as the user wrote it). */
export function loadFolder(root: string, shown = root): LoadedFolder {
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    return { resources: [], problems: [{ source: shown, path: '', message: 'is not a folder' }], warnings: [] };
  }
  const resources: Resource[] = [];
  const problems: ResourceProblem[] = [];
  const warnings: string[] = [];
  const read = (path: string, source: string, make: (body: unknown) => Resource) => {
    try {
      resources.push(make(readResourceFile(path, source)));
    } catch (error) {
      if (!(error instanceof FileError)) throw error;
      problems.push({ source: error.file, path: '', message: error.message });
    }
  };
  for (const { dir, kind } of FOLDERS) {
    const folder = join(root, dir);
    if (!existsSync(folder)) continue;
    for (const name of listFiles(folder)) {
      const source = join(shown, dir, name);
      const key = kind === 'couponPool' ? withoutExtension(name) : undefined;
      read(join(folder, name), source, (body) => ({ kind, body, source, ...(key !== undefined && { key }) }));
    }
  }
  for (const name of listFiles(root)) {
    if (withoutExtension(name) !== POLICY_FILE) continue;
    read(join(root, name), join(shown, name), (body) => ({ kind: 'frequencyPolicy', body, source: join(shown, name) }));
  }
  for (const entry of readdirSync(root)) {
    const path = join(root, entry);
    if (!statSync(path).isDirectory() || entry.startsWith('.') || FOLDERS.some((f) => f.dir === entry)) continue;
    if (listFiles(path).length > 0) {
      warnings.push(`${join(shown, entry)}: not read (resources go in ${FOLDERS.map((f) => `${f.dir}/`).join(', ')} and ${POLICY_FILE}.yaml)`);
    }
  }
  return { resources, problems, warnings };
}
