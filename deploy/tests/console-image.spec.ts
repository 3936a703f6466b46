import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_DIR } from './support/render';

/** console/Dockerfile, checked statically like the services' Dockerfile (no image is built by the tests). */
const lines = readFileSync(join(REPO_DIR, 'console', 'Dockerfile'), 'utf8')
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const runtime = lines.slice(lines.findIndex((l) => /^FROM .* AS runtime$/.test(l)));
const last = (op: string) =>
  runtime
    .filter((l) => l.startsWith(`${op} `))
    .pop()!
    .slice(op.length + 1);

describe('console/Dockerfile', () => {
  it('builds on Node 24 and runs node main.js as a non-root user, with PORT 3000 and the health check', () => {
    expect(lines.find((l) => l.startsWith('ARG NODE_IMAGE='))).toMatch(/^ARG NODE_IMAGE=node:24(-[a-z0-9.-]+)?$/);
    for (const from of lines.filter((l) => l.startsWith('FROM '))) expect(from).toMatch(/^FROM \$\{NODE_IMAGE\} AS [a-z-]+$/);
    expect(last('USER')).toMatch(/^[1-9][0-9]*(:[1-9][0-9]*)?$/);
    expect(JSON.parse(last('CMD'))).toEqual(['node', 'main.js']);
    expect(JSON.parse(last('ENTRYPOINT'))).toEqual([]);
    expect(runtime).toContain('ENV PORT=3000');
    expect(runtime.some((l) => l.includes('ln -s dist/services/all-in-one/src/console/main.js main.js'))).toBe(true);
    expect(last('HEALTHCHECK')).toContain('CMD ["node", "healthcheck.js"]');
  });

  it('ships the built console and the server’s compiled files only: no node_modules, no package manager', () => {
    const copies = runtime.filter((l) => l.startsWith('COPY '));
    expect(copies.some((l) => l.includes('node_modules'))).toBe(false);
    const cleanup = runtime.find((l) => l.startsWith('RUN rm -rf'))!;
    for (const tool of ['/usr/local/bin/npm', '/usr/local/bin/npx', '/usr/local/bin/corepack', '/usr/local/lib/node_modules']) expect(cleanup).toContain(tool);
    // Every compiled file copied from the build stage comes from a source that exists.
    for (const copy of copies.filter((l) => l.startsWith('COPY --from=build'))) {
      const sources = copy
        .split(/\s+/)
        .slice(2, -1)
        .map((s) => s.replace(/^\/app\//, ''));
      for (const source of sources) {
        const origin = source
          .replace(/^dist\/console$/, 'console/src')
          .replace(/^dist\//, '')
          .replace(/\.js$/, '.ts');
        expect([source, existsSync(join(REPO_DIR, origin))]).toEqual([source, true]);
      }
    }
  });
});
