import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEALTH_PATHS, SERVICE_NAMES } from '../../libs/config/src/surface';
import { SERVICE_NODE_FLAGS } from '../../libs/testing/src/infra/service-process';
import { DEPLOY_DIR, REPO_DIR } from './support/render';

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

const dockerfile = instructions(readFileSync(join(REPO_DIR, 'Dockerfile'), 'utf8'));
const stages = () => {
  const out: Instruction[][] = [];
  for (const i of dockerfile) {
    if (i.op === 'FROM') out.push([]);
    out[out.length - 1]?.push(i);
  }
  return out;
};
const runtime = () => stages()[stages().length - 1];
const last = (op: string) =>
  runtime()
    .filter((i) => i.op === op)
    .pop();

describe('Dockerfile', () => {
  it('builds every stage on Node 24', () => {
    const arg = dockerfile.find((i) => i.op === 'ARG' && i.args.startsWith('NODE_IMAGE='));
    expect(arg?.args).toMatch(/^NODE_IMAGE=node:24(-[a-z0-9.-]+)?$/);
    for (const from of dockerfile.filter((i) => i.op === 'FROM')) expect(from.args).toMatch(/^\$\{NODE_IMAGE\}( AS [a-z-]+)?$/);
  });

  it('accepts exactly the four services as SERVICE', () => {
    const check = runtime().find((i) => i.op === 'RUN' && i.args.includes('case "${SERVICE}"'));
    const allowed = /\s([a-z|]+)\)\s*;;/.exec(check!.args)![1].split('|');
    expect(allowed.sort()).toEqual([...SERVICE_NAMES].sort());
  });

  it('ships pruned production dependencies and no package manager', () => {
    const prodDeps = stages().find((s) => /AS prod-deps$/.test(s[0].args))!;
    expect(prodDeps.some((i) => i.op === 'RUN' && /npm ci .*--omit=dev/.test(i.args))).toBe(true);
    expect(runtime().find((i) => i.op === 'COPY' && i.args.includes('node_modules'))?.args).toMatch(/^--from=prod-deps /);
    const cleanup = runtime().find((i) => i.op === 'RUN' && i.args.includes('rm -rf'))!.args;
    for (const tool of ['/usr/local/bin/npm', '/usr/local/bin/npx', '/usr/local/bin/corepack', '/usr/local/lib/node_modules']) expect(cleanup).toContain(tool);
  });

  it("runs node directly with the harness's node flags as a non-root user, with a health check on the live path", () => {
    expect(last('USER')?.args).toMatch(/^[1-9][0-9]*(:[1-9][0-9]*)?$/);
    expect(JSON.parse(last('ENTRYPOINT')!.args)).toEqual([]);
    expect(JSON.parse(last('CMD')!.args)).toEqual(['node', ...SERVICE_NODE_FLAGS, 'main.js']);
    const health = last('HEALTHCHECK')!.args;
    expect(JSON.parse(health.slice(health.indexOf('CMD ') + 4))).toEqual(['node', 'healthcheck.js']);
    expect(readFileSync(join(DEPLOY_DIR, 'docker', 'healthcheck.js'), 'utf8')).toContain('HEALTH_PATHS.live');
  });

  it('keeps local state out of the build context but lets the health check in', () => {
    const ignore = readFileSync(join(REPO_DIR, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['.git', '**/node_modules', 'dist', '.env', 'deploy/*', '!deploy/docker/']) expect(ignore).toContain(entry);
  });
});

describe('healthcheck.js', () => {
  let dir: string;
  let server: Server;
  let status = 200;
  let port = 0;
  const hits: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(req.url === HEALTH_PATHS.live ? status : 404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    // The image layout: main.js -> dist/services/journeys/src/main.js, the compiled surface in dist/libs.
    dir = mkdtempSync(join(tmpdir(), 'cairn-image-'));
    mkdirSync(join(dir, 'dist/services/journeys/src'), { recursive: true });
    mkdirSync(join(dir, 'dist/libs/config/src'), { recursive: true });
    writeFileSync(join(dir, 'dist/services/journeys/src/main.js'), '');
    symlinkSync('dist/services/journeys/src/main.js', join(dir, 'main.js'));
    writeFileSync(
      join(dir, 'dist/libs/config/src/surface.js'),
      `exports.SERVICE_PORTS = { events: 1, segments: 1, journeys: ${port}, messaging: 1 };\nexports.HEALTH_PATHS = ${JSON.stringify(HEALTH_PATHS)};\n`,
    );
    copyFileSync(join(DEPLOY_DIR, 'docker', 'healthcheck.js'), join(dir, 'healthcheck.js'));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (env: Record<string, string> = {}) =>
    new Promise<number>((resolve) => {
      execFile(process.execPath, ['healthcheck.js'], { cwd: dir, env: { PATH: process.env.PATH, ...env }, timeout: 10_000 }, (err) =>
        resolve(err ? ((err as { code?: number }).code ?? 1) : 0),
      );
    });

  it("probes the linked service's own port on the live path and passes on 2xx", async () => {
    status = 200;
    expect(await run()).toBe(0);
    expect(hits.pop()).toBe(HEALTH_PATHS.live);
  });

  it('fails when the service answers an error', async () => {
    status = 503;
    expect(await run()).toBe(1);
  });

  it('follows PORT when it is set', async () => {
    status = 200;
    expect(await run({ PORT: '1' })).toBe(1);
    expect(await run({ PORT: String(port) })).toBe(0);
  });
});
