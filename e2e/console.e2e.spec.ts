import { freePort, repoRoot, waitFor } from '@cairn/testing';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { readmeBashBlocks } from './support/readme';

const run = promisify(execFile);

/** Debian's chromium, driven by playwright-core (no browser download). */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Screenshots of every page at both widths: an artifact of the run, git-ignored. */
const ARTIFACTS = join(repoRoot(), 'e2e', 'artifacts', 'console');
const WIDTHS = [1280, 390] as const;
const PAGES = [
  ['journeys', '/journeys'],
  ['journey-cart-abandonment', '/journeys/cart-abandonment'],
  ['segments', '/segments'],
  ['segment-flagship-hot', '/segments/flagship-hot'],
  ['user-minji', '/users/minji'],
  ['messages', '/messages'],
] as const;

/**
 * The operator console in a real browser against what `npm start` runs (the
 * all-in-one with its embedded defaults and the demo seed): sign in with the
 * admin key, the five demo journeys, the README walkthrough, then
 * cart-abandonment's graph with its counts and minji's two messages; every
 * page at 1280 px and at 390 px, with no error in the browser console.
 */
describe('operator console in Chromium against the all-in-one with the demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-console-e2e-'));
  const errors: string[] = [];
  let child: ChildProcess;
  let output = '';
  let base: string;
  let port: number;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    writeFileSync(join(dir, 'cairn.json'), JSON.stringify({ dataDir: join(dir, 'data') }));
    child = spawn(process.execPath, [join(repoRoot(), 'dist/services/all-in-one/src/main.js')], {
      env: { PATH: process.env.PATH ?? '', PORT: String(port), CAIRN_CONFIG: join(dir, 'cairn.json'), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += String(d)));
    child.stderr!.on('data', (d) => (output += String(d)));
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`the all-in-one exited with ${child.exitCode}: ${output.slice(-2000)}`);
        return output.includes('Try next');
      },
      { timeoutMs: 90_000, intervalMs: 200, what: 'the all-in-one to start and seed the demo' },
    );
    mkdirSync(ARTIFACTS, { recursive: true });
    context = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      locale: 'ko-KR',
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  }, 150_000);

  afterAll(async () => {
    await context?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  /** Waits until the page has loaded its data: no "loading" left in the main area. */
  async function settled(): Promise<void> {
    await page.locator('main h1').first().waitFor();
    // A function, not a string: the console's Content-Security-Policy forbids eval in the page.
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<unknown> } }).document.querySelectorAll('main [aria-live="polite"]')
          .length === 0,
      undefined,
      { timeout: 15_000 },
    );
  }

  it('asks for the admin key in a password field (Korean by the browser’s language), refuses a wrong one, and shows the five demo journeys', async () => {
    await page.goto(`${base}/journeys`);
    const key = page.locator('input#admin-key');
    await key.waitFor();
    expect(await key.getAttribute('type')).toBe('password');
    expect(await page.locator('main h1').textContent()).toBe('Cairn 콘솔 로그인');
    await page.screenshot({ path: join(ARTIFACTS, 'sign-in-1280.png') });
    await key.fill('not-the-key');
    await page.locator('main button[type=submit]').click();
    await page.locator('[role=alert]').waitFor();
    expect(await page.locator('[role=alert]').textContent()).toContain('관리자 키');

    // The refused key is the only failed request so far; from here on the console must log no error at all.
    await waitFor(() => errors.length === 1, { what: 'the refused sign-in in the console log' });
    expect(errors[0]).toMatch(/401/);
    errors.length = 0;

    await key.fill('dev-admin-key');
    await key.press('Enter');
    await page.locator('tr[data-journey]').first().waitFor();
    const keys = await page.locator('tr[data-journey]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-journey')));
    expect(keys.sort()).toEqual(['cart-abandonment', 'first-order-follow-up', 'flagship-secret-coupon', 'restock-notice', 'welcome-back']);
    expect(await page.evaluate(`sessionStorage.getItem('cairn.adminKey')`)).toBe('dev-admin-key');
    expect(await page.locator('header nav').textContent()).toContain('여정');
    await page.screenshot({ path: join(ARTIFACTS, 'journeys-ko-1280.png'), fullPage: true });

    // The language switch: English from now on (kept in localStorage).
    await page.locator('select#lang').selectOption('en');
    expect(await page.locator('header nav').textContent()).toContain('Journeys');
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
  }, 60_000);

  it('after the README walkthrough, draws cart-abandonment’s steps with their counts (a deep link, after a reload)', async () => {
    const sh = async (block: string) => (await run('bash', ['-euo', 'pipefail', '-c', block.replaceAll('localhost:3000', `localhost:${port}`)])).stdout;
    for (const block of readmeBashBlocks('Walkthrough')) await sh(block);

    await page.goto(`${base}/journeys/cart-abandonment`);
    await page.reload();
    const wait = page.locator('svg.graph g[data-step="wait-for-order"]');
    const remind = page.locator('svg.graph g[data-step="remind"]');
    await remind.waitFor();
    expect(await wait.textContent()).toContain('reached 1');
    expect(await wait.textContent()).toContain('waiting 0');
    expect(await wait.textContent()).toContain('left 1');
    expect(await remind.textContent()).toContain('reached 1');
    expect(await page.locator('svg.graph .node.entry').textContent()).toContain('Entered 1');
    expect(await page.locator('svg.graph .node.end').count()).toBe(1);
    expect(await page.locator('section[aria-labelledby=delivery]').textContent()).toContain('Sent');
    expect(await page.locator('section[aria-labelledby=uplift]').textContent()).toMatch(/Uplift/);
  }, 90_000);

  it('opens /users/minji and reads both messages’ text', async () => {
    await page.goto(`${base}/users/minji`);
    await page.locator('.message-text').nth(1).waitFor();
    const texts = await page.locator('.message-text').allTextContents();
    expect(texts.some((t) => /고객님께만 드리는 시크릿 쿠폰: SECRET-[A-Z0-9]{8}/.test(t))).toBe(true);
    expect(texts.some((t) => t.includes('장바구니에 담아 두신 상품, 잊지 않으셨죠?'))).toBe(true);
    expect(await page.locator('section[aria-labelledby=traits]').textContent()).toContain('민지');
    expect(await page.locator('section[aria-labelledby=runs]').textContent()).toContain('cart-abandonment');
    expect(await page.locator('section[aria-labelledby=user-segments]').textContent()).toContain('flagship-hot');
  }, 60_000);

  it.each(WIDTHS)(
    'shows every page at %i px without sideways scrolling, and saves a screenshot of each',
    async (width) => {
      await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
      for (const [name, path] of PAGES) {
        await page.goto(`${base}${path}`);
        await settled();
        const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect([name, overflow]).toEqual([name, 0]);
        await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
      }
    },
    120_000,
  );

  it('filters the delivery log by status and keeps the filter in the address', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/messages?status=SENT&journey=cart-abandonment`);
    await settled();
    const rows = page.locator('section[aria-labelledby=log] tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('minji');
    expect(await page.locator('form.filters select').first().inputValue()).toBe('cart-abandonment');
  }, 60_000);

  it('leaves no error in the browser console', () => {
    expect(errors).toEqual([]);
  });
});
