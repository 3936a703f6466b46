import { waitFor } from '@cairn/testing';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { WorkspaceApi } from './support/api';
import { startShopSite } from './support/shop-site';
import { Stack, startAllInOne } from './support/stack';
import { EventsTopicRecorder, PublishedEvent } from './support/topic-recorder';
import { scenarioWorkspace, ScenarioWorkspace } from './support/workspaces';

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

/** What the pages expose (the snippets of README.md's "Browser tracking"; see support/shop-site.ts). */
interface SegmentUser {
  id(): string | null;
  anonymousId(): string | null;
}
interface SegmentWindow {
  analytics: {
    track(event: string, properties?: object): Promise<unknown>;
    page(category: string, name: string, properties?: object): Promise<unknown>;
    identify(userId: string, traits?: object): Promise<unknown>;
    group(groupId: string, traits?: object): Promise<unknown>;
    user(): Promise<SegmentUser>;
  };
}
interface RudderWindow {
  shop: {
    ready: Promise<void>;
    analytics: {
      track(event: string, properties?: object): void;
      page(category: string, name: string, properties?: object): void;
      identify(userId: string, traits?: object): void;
      group(groupId: string, traits?: object): void;
      getAnonymousId(): string;
      getUserId(): string;
    };
  };
}

interface Profile {
  traits: Record<string, unknown>;
  identities: Array<{ id: string }>;
  totals: Record<string, { count: number }>;
}

/** One published event as [type, its name, userId], for comparing what arrived. */
const shape = (e: PublishedEvent) => [e.type, e.event ?? e.name ?? e.groupId ?? null, e.userId ?? null];

/**
 * The official analytics.js 2.0 (`@segment/analytics-next`) and RudderStack's
 * `@rudderstack/analytics-js`, unchanged, in Chromium, in a shop's pages on
 * another origin, loaded from node_modules, with only their URLs pointed at
 * Cairn (the all-in-one on Kafka): identify, track, page, group and batches
 * with one anonymousId across calls and a reload, and the events of a page
 * being left. What arrived is read from cairn.events.v1 and from the person's
 * profile (segments), through public interfaces only.
 */
describe('browser SDKs unchanged, from a shop page on another origin, against the all-in-one', () => {
  const config = { cairn: '', writeKey: '' };
  let shop: Awaited<ReturnType<typeof startShopSite>>;
  let shopOrigin: string;
  let workspace: ScenarioWorkspace;
  let stack: Stack;
  let recorder: EventsTopicRecorder;
  let browser: Browser;
  let context: BrowserContext;
  const requested: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    shop = await startShopSite(() => config);
    shopOrigin = `http://localhost:${shop.port}`;
    workspace = scenarioWorkspace('browser-sdks', { allowedOrigins: [shopOrigin] });
    stack = await startAllInOne([workspace], { kafka: true });
    Object.assign(config, { cairn: stack.url('events'), writeKey: workspace.writeKey });
    recorder = new EventsTopicRecorder(stack.topicPrefix!);
    await recorder.start();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    context = await browser.newContext();
    context.on('request', (request) => requested.push(request.url()));
  }, 150_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await recorder?.stop();
    await stack?.stop();
    await shop?.stop();
  });

  async function openPage(): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') pageErrors.push(`${page.url()}: ${message.type()}: ${message.text()}`);
    });
    page.on('requestfailed', (request) => pageErrors.push(`${page.url()}: ${request.method()} ${request.url()} failed: ${request.failure()?.errorText}`));
    page.on('response', (response) => {
      if (response.status() >= 400) pageErrors.push(`${page.url()}: ${response.request().method()} ${response.url()} answered ${response.status()}`);
    });
    return page;
  }

  /** The events that arrived with this anonymousId, once `done` holds. */
  function arrived(anonymousId: string, done: (events: PublishedEvent[]) => boolean, what: string): Promise<PublishedEvent[]> {
    return waitFor(
      () => {
        const events = recorder.events.filter((e) => e.anonymousId === anonymousId);
        return done(events) ? events : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: `${what} (errors in the page: ${pageErrors.join(' | ') || 'none'})` },
    );
  }

  const named = (events: PublishedEvent[], name: string) => events.filter((e) => e.event === name);

  /** The person as segments knows them once the anonymous history, traits and events are theirs. */
  function profileOf(userId: string, anonymousId: string, ready: (p: Profile) => boolean): Promise<Profile> {
    const api = new WorkspaceApi(stack, workspace);
    return waitFor(
      async () => {
        const profile = await api.request<Profile>('segments', 'GET', `/v1/users/${userId}/profile`).catch(() => undefined);
        return profile && profile.identities.some((i) => i.id === anonymousId) && ready(profile) ? profile : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 300, what: `${userId}'s profile with ${anonymousId}` },
    );
  }

  it('analytics.js: identify, track, page, group, a batch and the events of a page being left, with one anonymousId across a reload', async () => {
    const page = await openPage();
    await page.goto(`${shopOrigin}/segment.html`);
    const anonymousId = await page.evaluate(async () => {
      const { analytics } = globalThis as unknown as SegmentWindow;
      await analytics.track('Product Viewed', { productId: 'P-100' });
      await analytics.page('Shop', 'Flagship', { productId: 'P-100' });
      await analytics.identify('seg-minji', { name: 'Minji', plan: 'gold' });
      await analytics.group('acme', { plan: 'enterprise' });
      await analytics.track('Product Added', { cartId: 'cart-1', productId: 'P-200' });
      return (await analytics.user()).anonymousId();
    });
    expect(anonymousId).toEqual(expect.any(String));
    const first = await arrived(anonymousId!, (e) => e.length >= 5, 'the first five calls');
    expect(first.map(shape).sort()).toEqual(
      [
        ['track', 'Product Viewed', null],
        ['page', 'Flagship', null],
        ['identify', null, 'seg-minji'],
        ['group', 'acme', 'seg-minji'],
        ['track', 'Product Added', 'seg-minji'],
      ].sort(),
    );
    expect(first.find((e) => e.type === 'identify')?.traits).toMatchObject({ name: 'Minji', plan: 'gold' });

    await page.reload();
    const afterReload = await page.evaluate(async () => {
      const { analytics } = globalThis as unknown as SegmentWindow;
      await analytics.track('Product Viewed', { productId: 'P-100' });
      const user = await analytics.user();
      return { anonymousId: user.anonymousId(), userId: user.id() };
    });
    expect(afterReload).toEqual({ anonymousId, userId: 'seg-minji' });
    await arrived(anonymousId!, (e) => named(e, 'Product Viewed').length === 2, 'the call after the reload');

    // Batching: three calls, one request to analytics.js's batch path.
    await page.goto(`${shopOrigin}/segment.html?delivery=batch`);
    await page.evaluate(async () => {
      const { analytics } = globalThis as unknown as SegmentWindow;
      for (const n of [1, 2, 3]) await analytics.track('Catalog Browsed', { page: n });
    });
    const batched = await arrived(anonymousId!, (e) => named(e, 'Catalog Browsed').length === 3, 'the batch');
    expect(named(batched, 'Catalog Browsed').every((e) => e.userId === 'seg-minji')).toBe(true);
    expect(requested).toContain(`${config.cairn}/v1/b`);

    // A batch left open (100 events, 60 s) is sent as the page is left.
    await page.goto(`${shopOrigin}/segment.html?delivery=unload`);
    await page.evaluate(async () => {
      const { analytics } = globalThis as unknown as SegmentWindow;
      await analytics.track('Checkout Started', { cartId: 'cart-1' });
    });
    await page.goto(`${shopOrigin}/bye.html`);
    const left = await arrived(anonymousId!, (e) => named(e, 'Checkout Started').length === 1, 'the event of the page being left');
    expect(named(left, 'Checkout Started')[0]).toMatchObject({ userId: 'seg-minji', properties: { cartId: 'cart-1' } });

    // Segments merged the anonymous history into the person.
    const profile = await profileOf('seg-minji', anonymousId!, (p) => p.totals['Product Viewed']?.count === 2 && p.totals['Checkout Started']?.count === 1);
    expect(profile.traits).toMatchObject({ name: 'Minji', plan: 'gold' });
    expect(profile.totals['Catalog Browsed'].count).toBe(3);
    await page.close();
  });

  it('RudderStack: identify, track, page, group, a batch and beacons as the page is left, with one anonymousId across a reload', async () => {
    const page = await openPage();
    await page.goto(`${shopOrigin}/rudderstack.html`);
    const anonymousId = await page.evaluate(async () => {
      const { shop } = globalThis as unknown as RudderWindow;
      await shop.ready;
      shop.analytics.track('Product Viewed', { productId: 'P-100' });
      shop.analytics.page('Shop', 'Flagship', { productId: 'P-100' });
      shop.analytics.identify('rs-minji', { name: 'Minji', plan: 'gold' });
      shop.analytics.group('acme', { plan: 'enterprise' });
      shop.analytics.track('Product Added', { cartId: 'cart-2', productId: 'P-200' });
      return shop.analytics.getAnonymousId();
    });
    const first = await arrived(anonymousId, (e) => e.length >= 5, 'the first five calls');
    expect(first.map(shape).sort()).toEqual(
      [
        ['track', 'Product Viewed', null],
        ['page', 'Flagship', null],
        ['identify', null, 'rs-minji'],
        ['group', 'acme', 'rs-minji'],
        ['track', 'Product Added', 'rs-minji'],
      ].sort(),
    );
    expect(first.find((e) => e.type === 'identify')?.traits).toMatchObject({ name: 'Minji', plan: 'gold' });

    await page.reload();
    const afterReload = await page.evaluate(async () => {
      const { shop } = globalThis as unknown as RudderWindow;
      await shop.ready;
      shop.analytics.track('Product Viewed', { productId: 'P-100' });
      return { anonymousId: shop.analytics.getAnonymousId(), userId: shop.analytics.getUserId() };
    });
    expect(afterReload).toEqual({ anonymousId, userId: 'rs-minji' });
    await arrived(anonymousId, (e) => named(e, 'Product Viewed').length === 2, 'the call after the reload');

    // Batching: three calls, one request to /v1/batch.
    await page.goto(`${shopOrigin}/rudderstack.html?delivery=batch`);
    await page.evaluate(async () => {
      const { shop } = globalThis as unknown as RudderWindow;
      await shop.ready;
      for (const n of [1, 2, 3]) shop.analytics.track('Catalog Browsed', { page: n });
    });
    const batched = await arrived(anonymousId, (e) => named(e, 'Catalog Browsed').length === 3, 'the batch');
    expect(named(batched, 'Catalog Browsed').every((e) => e.userId === 'rs-minji')).toBe(true);
    expect(requested).toContain(`${config.cairn}/v1/batch`);

    // Beacons (useBeacon, the queue flushed every 60 s): sent as the page is left, with the page-unloaded event
    // (to /beacon/v1/batch?writeKey=…; the browser does not report requests of a page being left to the test).
    await page.goto(`${shopOrigin}/rudderstack.html?delivery=unload`);
    await page.evaluate(async () => {
      const { shop } = globalThis as unknown as RudderWindow;
      await shop.ready;
      shop.analytics.track('Checkout Started', { cartId: 'cart-2' });
    });
    await page.goto(`${shopOrigin}/bye.html`);
    const left = await arrived(anonymousId, (e) => named(e, 'Checkout Started').length === 1 && named(e, 'Page Unloaded').length === 1, 'the beacons');
    expect(named(left, 'Checkout Started')[0]).toMatchObject({ userId: 'rs-minji', properties: { cartId: 'cart-2' } });

    const profile = await profileOf('rs-minji', anonymousId, (p) => p.totals['Product Viewed']?.count === 2 && p.totals['Checkout Started']?.count === 1);
    expect(profile.traits).toMatchObject({ name: 'Minji', plan: 'gold' });
    await page.close();
  });

  it('keeps a page of an origin the workspace does not list out: the browser blocks it, and Cairn accepts nothing from it', async () => {
    const elsewhere = `http://127.0.0.1:${shop.port}`;
    const page = await openPage();
    await page.goto(`${elsewhere}/bye.html`);
    const event = { writeKey: workspace.writeKey, type: 'track', event: 'Product Viewed', anonymousId: 'anon-elsewhere', messageId: 'elsewhere-1' };
    const outcome = await page.evaluate(
      async ({ cairn, body }) => {
        const settings = await fetch(`${cairn}/v1/projects/${body.writeKey}/settings`).then(
          () => 'read',
          (error: Error) => error.name,
        );
        const post = await fetch(`${cairn}/v1/t`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) }).then(
          () => 'read',
          (error: Error) => error.name,
        );
        // A no-cors request still reaches Cairn; it resolves once Cairn has answered (403).
        await fetch(`${cairn}/v1/t`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) });
        return { settings, post };
      },
      { cairn: config.cairn, body: event },
    );
    expect(outcome).toEqual({ settings: 'TypeError', post: 'TypeError' });
    // The same event from the shop's own origin arrives after them (same key, same partition); theirs never did.
    const shopPage = await openPage();
    await shopPage.goto(`${shopOrigin}/bye.html`);
    await shopPage.evaluate(
      async ({ cairn, body }) => {
        await fetch(`${cairn}/v1/t`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) });
      },
      { cairn: config.cairn, body: { ...event, messageId: 'from-the-shop' } },
    );
    const events = await arrived('anon-elsewhere', (e) => e.some((x) => x.messageId === 'from-the-shop'), 'the event from the shop');
    expect(events.map((e) => e.messageId)).toEqual(['from-the-shop']);
    await page.close();
    await shopPage.close();
  });

  it('loaded nothing from anywhere but the shop and Cairn', () => {
    const origins = new Set(requested.map((url) => new URL(url).origin));
    expect([...origins].sort()).toEqual([config.cairn, shopOrigin, `http://127.0.0.1:${shop.port}`].sort());
  });
});
