import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from './validators';

export const DEPLOY_DIR = join(__dirname, '..', '..');
export const REPO_DIR = join(DEPLOY_DIR, '..');

/** The kustomizations a user can apply; the last one adds every optional component. */
export const KUSTOMIZATIONS = ['overlays/dev', 'overlays/prod', 'tests/fixtures/all-components'] as const;

function kubectl(args: string[]): string {
  try {
    return execFileSync('kubectl', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') {
      throw new Error('kubectl is not installed: run deploy/scripts/ensure-kubectl.sh (the deploy tests render with `kubectl kustomize`)');
    }
    throw new Error(`kubectl ${args.join(' ')} failed: ${err.stderr ?? err.message}`);
  }
}

export function parseYamlDocuments(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join('\n'));
      return doc.toJS() as K8sObject | null;
    })
    .filter((obj): obj is K8sObject => obj !== null);
}

const cache = new Map<string, K8sObject[]>();

/** `kubectl kustomize deploy/<dir>`, parsed. */
export function render(dir: string): K8sObject[] {
  let objects = cache.get(dir);
  if (!objects) {
    objects = parseYamlDocuments(kubectl(['kustomize', join(DEPLOY_DIR, dir)]));
    cache.set(dir, objects);
  }
  return objects;
}

export function readYamlFile(path: string): K8sObject[] {
  return parseYamlDocuments(readFileSync(path, 'utf8'));
}

export function byKind<T = any>(objects: K8sObject[], kind: string): T[] {
  return objects.filter((o) => o.kind === kind) as T[];
}
