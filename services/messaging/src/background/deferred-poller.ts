import { Clock, CLOCK, PollingLoop } from '@cairn/core';
import { Logger } from '@cairn/observability';
import { DATA_SOURCE, LOGGER } from '@cairn/runtime';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntentRepository } from '../messages/intent.repository';
import { ProcessDueIntentsUseCase } from '../sending/process-due-intents/process-due-intents.usecase';
import { RetryReservedSendUseCase } from '../sending/retry-reserved-send/retry-reserved-send.usecase';

const IDLE_MS = 250;
const MAX_PER_PASS = 100;
/** Due DEFERRED intents decided together, in one transaction. */
const DUE_PER_CLAIM = 200;

/**
 * Decides DEFERRED intents again when they fall due (up to 200 at a time, in
 * one set-based decision), and tries reserved sends again whose lease or
 * backoff ran out (both claimed with FOR UPDATE SKIP LOCKED, so replicas
 * share the work). Every 250 ms one read tells whether either is due; only
 * then are they claimed.
 */
@Injectable()
export class DeferredPoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop = new PollingLoop({
    pass: () => this.pass(),
    idleDelay: () => IDLE_MS,
    onError: (error) => this.logger.warn({ err: (error as Error).message }, 'deferred message pass failed'),
  });

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly processDue: ProcessDueIntentsUseCase,
    private readonly retryReserved: RetryReservedSendUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  /** Stops before providers shut down (Delivery closes its breakers in onApplicationShutdown). */
  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  private async pass(): Promise<boolean> {
    // One cheap read when idle; the claiming transactions run only for work that is due.
    const due = await new IntentRepository(this.dataSource.manager).dueWork(this.clock.now());
    const running = () => this.loop.isRunning;
    for (let i = 0; due.deferred && i < MAX_PER_PASS && running() && (await this.processDue.execute({ limit: DUE_PER_CLAIM })) === DUE_PER_CLAIM; i++);
    for (let i = 0; due.retries && i < MAX_PER_PASS && running() && (await this.retryReserved.execute()); i++);
    return false;
  }
}
