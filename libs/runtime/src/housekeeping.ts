import { DEDUPE_HORIZON_MS, pruneProcessedKeys } from '@cairn/db';
import { Platform } from './platform';

const EVERY_MS = 60 * 60 * 1000;

/**
 * What every service keeps tidy by itself: its consumers' processed-message
 * keys older than the pipeline's dedupe horizon (DEDUPE_HORIZON_MS) are
 * deleted once an hour (and a minute after start), so the table stays bounded.
 */
export class Housekeeping {
  private timer?: NodeJS.Timeout;
  private first?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly platform: Platform) {}

  start(): void {
    const tick = () => void this.runOnce();
    this.first = setTimeout(tick, 60_000);
    this.timer = setInterval(tick, EVERY_MS);
    this.first.unref();
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.first);
    clearInterval(this.timer);
    await this.running;
  }

  /** One round now; failures are logged, never thrown. */
  runOnce(): Promise<void> {
    this.running ??= (async () => {
      try {
        const pruned = await pruneProcessedKeys(this.platform.dataSource.manager, this.platform.schema, DEDUPE_HORIZON_MS);
        if (pruned > 0) this.platform.logger.info({ pruned }, 'processed-message keys older than the dedupe horizon pruned');
      } catch (error) {
        this.platform.logger.warn({ err: (error as Error).message }, 'pruning processed-message keys failed');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
