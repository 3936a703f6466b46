import { Clock, CLOCK } from '@cairn/core';
import { Logger } from '@cairn/observability';
import { DATA_SOURCE, LOGGER } from '@cairn/runtime';
import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AcceptedMessageRepository, DEDUPE_RETENTION_MS } from './accepted-messages.repository';

const EVERY_MS = 60 * 60 * 1000;

/** Hourly, deletes dedupe rows older than the retention (48 h, so every id is remembered at least 24 h). */
@Injectable()
export class DedupePruner implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.pruneOnce().catch((err: Error) => this.logger.warn({ err: err.message }, 'dedupe pruning failed')), EVERY_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => 0);
  }

  /** Deletes every row older than the retention, chunk by chunk; returns how many. */
  async pruneOnce(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - DEDUPE_RETENTION_MS);
    this.running = (async () => {
      const accepted = new AcceptedMessageRepository(this.dataSource.manager);
      let total = 0;
      for (;;) {
        const n = await accepted.pruneReceivedBefore(before);
        if (n === 0) return total;
        total += n;
      }
    })();
    return this.running;
  }
}
