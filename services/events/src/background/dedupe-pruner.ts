import { Clock, CLOCK, PollingLoop } from '@cairn/core';
import { Logger } from '@cairn/observability';
import { DATA_SOURCE, LOGGER } from '@cairn/runtime';
import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AcceptedMessageRepository, DEDUPE_RETENTION_MS } from '../acceptance/accepted-messages.repository';

const EVERY_MS = 60 * 60 * 1000;

/** Hourly, deletes dedupe rows older than the retention (48 h, so every id is remembered at least 24 h). */
@Injectable()
export class DedupePruner implements OnModuleInit, OnModuleDestroy {
  private started = false;
  private running?: Promise<number>;
  private readonly loop = new PollingLoop({
    // The first round comes an hour after start, like every later one an hour after the previous.
    pass: async () => {
      if (this.started) await this.pruneOnce();
      this.started = true;
      return false;
    },
    idleDelay: () => EVERY_MS,
    onError: (error) => this.logger.warn({ err: (error as Error).message }, 'dedupe pruning failed'),
  });

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
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
