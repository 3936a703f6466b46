import { freePort, repoRoot, waitFor } from '@cairn/testing';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { seedDemo } from '../services/all-in-one/src/demo';
import { readmeBashBlocks } from './support/readme';

const run = promisify(execFile);

interface Message {
  journey: string;
  status: string;
  content: { text: string };
}

/** The delivery log printed last by a block (after the `{"success":true}` answers of its tracks). */
function lastLog(output: string): Message[] {
  return (JSON.parse(output.slice(output.lastIndexOf('{"messages"'))) as { messages: Message[] }).messages.reverse();
}

/**
 * README.md's Walkthrough, run as written against what `npm start` runs: the
 * all-in-one process with its defaults (embedded Postgres, in-process bus,
 * the dev workspace and its demo seed), on a free port instead of 3000.
 */
describe('README walkthrough against npm start (all-in-one with its embedded defaults and the demo seed)', () => {
  const blocks = readmeBashBlocks('Walkthrough');
  const dir = mkdtempSync(join(tmpdir(), 'cairn-walkthrough-'));
  let child: ChildProcess;
  let output = '';
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    writeFileSync(join(dir, 'cairn.json'), JSON.stringify({ dataDir: join(dir, 'data') }));
    child = spawn(process.execPath, [join(repoRoot(), 'dist/services/all-in-one/src/main.js')], {
      env: { PATH: process.env.PATH ?? '', PORT: String(port), CAIRN_CONFIG: join(dir, 'cairn.json'), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += String(d)));
    child.stderr!.on('data', (d) => (output += String(d)));
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`npm start's process exited with ${child.exitCode}: ${output.slice(-2000)}`);
        return output.includes('Try next');
      },
      { timeoutMs: 90_000, intervalMs: 200, what: 'the all-in-one to start and seed the demo' },
    );
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const sh = async (block: string) => (await run('bash', ['-euo', 'pipefail', '-c', block.replaceAll('localhost:3000', `localhost:${port}`)])).stdout;

  it('seeds the dev workspace with every demo step installed', () => {
    expect(output).toContain('Demo workspace "dev":');
    expect(output).not.toMatch(/^\s+(skipped|failed) /m);
  });

  it('identify, consent, add to cart, three flagship views: the secret coupon, then the cart reminder, as the README says', async () => {
    expect(blocks).toHaveLength(4);
    const [identify, cart, views, reminder] = blocks;
    const signedUp = await sh(identify);
    expect(signedUp).toContain('{"success":true}');
    expect(signedUp).toContain('"advertising":{"granted":true');
    expect(await sh(cart)).toBe('{"success":true}');

    const afterViews = lastLog(await sh(views));
    expect(afterViews.map((m) => [m.journey, m.status])).toEqual([['flagship-secret-coupon', 'SENT']]);
    expect(afterViews[0].content.text).toMatch(
      /^\(광고\) Cairn Shop\n고객님께만 드리는 시크릿 쿠폰: SECRET-[A-Z0-9]{8} \(1회 한정\)\n무료수신거부 080-000-0000$/,
    );

    const afterWait = lastLog(await sh(reminder));
    expect(afterWait.map((m) => [m.journey, m.status])).toEqual([
      ['flagship-secret-coupon', 'SENT'],
      ['cart-abandonment', 'SENT'],
    ]);
    expect(afterWait[1].content.text).toBe(
      '(광고) Cairn Shop\n장바구니에 담아 두신 상품, 잊지 않으셨죠? 오늘 주문하시면 무료 배송해 드려요.\n무료수신거부 080-000-0000',
    );
  }, 60_000);

  it('leaves an installed demo as it is when the seed runs again (as at the next npm start)', async () => {
    const url = `http://127.0.0.1:${port}`;
    const steps = await seedDemo({ events: url, segments: url, journeys: url, messaging: url }, 'dev-admin-key');
    expect(steps.filter((s) => s.outcome !== 'present')).toEqual([]);
  });
});
