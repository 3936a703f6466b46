import { repoRoot } from '@cairn/testing';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** The SDKs' built browser bundles, served by the shop from node_modules (nothing comes from a CDN). */
const BUNDLES: Record<string, string> = {
  '/sdk/analytics-next.js': 'node_modules/@segment/analytics-next/dist/umd/index.js',
  '/sdk/rudder-analytics.js': 'node_modules/@rudderstack/analytics-js/dist/npm/modern/bundled/umd/index.js',
};

/** How a page sends its events: one request per call, in batches, or (left open) when the page is left. */
export type Delivery = 'each' | 'batch' | 'unload';

export interface ShopConfig {
  /** Cairn's base URL as the page sees it, e.g. http://127.0.0.1:3000. */
  cairn: string;
  writeKey: string;
}

/**
 * The snippet of README.md's "Browser tracking" for analytics.js (the UMD build's
 * AnalyticsBrowser, as `import { AnalyticsBrowser } from '@segment/analytics-next'`
 * gives it): only cdnURL and the Segment.io apiHost point at Cairn.
 */
function segmentPage(config: ShopConfig, delivery: Delivery): string {
  const host = new URL(config.cairn).host;
  const strategy =
    delivery === 'each' ? '' : `, deliveryStrategy: { strategy: 'batching', config: { size: ${delivery === 'batch' ? 3 : 100}, timeout: 60000 } }`;
  return `<!doctype html><meta charset="utf-8"><title>shop (analytics.js)</title>
<script src="/sdk/analytics-next.js"></script>
<script>
  window.analytics = AnalyticsNext.AnalyticsBrowser.load(
    { writeKey: ${JSON.stringify(config.writeKey)}, cdnURL: ${JSON.stringify(config.cairn)} },
    { integrations: { 'Segment.io': { apiHost: ${JSON.stringify(`${host}/v1`)}, protocol: 'http'${strategy} } } },
  );
</script>`;
}

/**
 * The snippet of README.md's "Browser tracking" for RudderStack (the bundled
 * build's RudderAnalytics, as `@rudderstack/analytics-js/bundled` gives it):
 * only the data plane URL and configUrl point at Cairn.
 */
function rudderStackPage(config: ShopConfig, delivery: Delivery): string {
  const options =
    delivery === 'batch'
      ? ', queueOptions: { batch: { enabled: true, maxItems: 3, flushInterval: 60000 } }'
      : delivery === 'unload'
        ? ', useBeacon: true, beaconQueueOptions: { flushQueueInterval: 60000 }, autoTrack: { pageLifecycle: { enabled: true } }'
        : '';
  return `<!doctype html><meta charset="utf-8"><title>shop (RudderStack)</title>
<script src="/sdk/rudder-analytics.js"></script>
<script>
  const { RudderAnalytics } = window.rudderanalytics;
  const analytics = new RudderAnalytics();
  analytics.load(${JSON.stringify(config.writeKey)}, ${JSON.stringify(config.cairn)}, { configUrl: ${JSON.stringify(config.cairn)}${options} });
  window.shop = { analytics, ready: new Promise((resolve) => analytics.ready(resolve)) };
</script>`;
}

/**
 * A shop's site on an origin of its own: pages that load each SDK from
 * node_modules with Cairn's URLs (`configured`, read per request: the site
 * starts first, so that Cairn can list its origin), and a page without any SDK
 * (to leave a page for).
 */
export async function startShopSite(configured: () => ShopConfig): Promise<{ port: number; stop(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const config = configured();
    const url = new URL(req.url ?? '/', 'http://shop.invalid');
    const delivery = (url.searchParams.get('delivery') ?? 'each') as Delivery;
    const html = (body: string) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
    if (BUNDLES[url.pathname]) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(readFileSync(join(repoRoot(), BUNDLES[url.pathname])));
    } else if (url.pathname === '/segment.html') html(segmentPage(config, delivery));
    else if (url.pathname === '/rudderstack.html') html(rudderStackPage(config, delivery));
    else if (url.pathname === '/favicon.ico') res.writeHead(204).end();
    else if (url.pathname === '/bye.html') html('<!doctype html><meta charset="utf-8"><title>bye</title><p>Thank you</p>');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
