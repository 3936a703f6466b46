#!/usr/bin/env node
// Fails when package-lock.json lacks an optional dependency that one of its
// packages declares (other platforms' native binaries such as @swc/core-darwin-arm64).
// npm can write such a lockfile on one platform, and `npm ci` then refuses it
// everywhere; `npm install --package-lock-only` puts the missing entries back.
import { readFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const packages = lock.packages ?? {};
const missing = [];
for (const [path, pkg] of Object.entries(packages)) {
  for (const name of Object.keys(pkg.optionalDependencies ?? {})) {
    // Resolution as node does it: next to the package, then up the tree.
    const candidates = [];
    for (let dir = path; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/node_modules/')))) {
      candidates.push(`${dir ? `${dir}/` : ''}node_modules/${name}`);
      if (!dir.includes('node_modules/')) break;
    }
    if (!candidates.some((c) => c in packages)) missing.push(`${name} (optional dependency of ${path || 'the root'})`);
  }
}
if (missing.length > 0) {
  console.error(`package-lock.json lacks ${missing.length} optional dependencies, so \`npm ci\` would refuse it:\n  ${missing.slice(0, 20).join('\n  ')}`);
  console.error('Run `npm install --package-lock-only` and commit the lockfile.');
  process.exit(1);
}
