// Builds the `cairn` command as a package of its own in dist/cli/package: one
// bundle of the command and the Cairn libraries it runs (the services' pure
// rules and the simulator), this folder's package.json and README.md. Its npm
// dependencies (liquidjs, yaml) stay dependencies. `npm pack dist/cli/package`
// makes the tarball to publish; in a checkout, `npx cairn` runs dist/cli/src/main.js.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'dist', 'cli', 'package');
const manifest = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'src', 'main.ts')],
  outfile: join(out, 'cairn.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  external: Object.keys(manifest.dependencies),
  tsconfig: join(here, '..', 'tsconfig.json'),
  legalComments: 'none',
  logLevel: 'warning',
});
chmodSync(join(out, 'cairn.js'), 0o755);
copyFileSync(join(here, 'package.json'), join(out, 'package.json'));
copyFileSync(join(here, 'README.md'), join(out, 'README.md'));
