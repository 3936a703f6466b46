import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { BreakerChange, Delivery } from '../providers/delivery';
import { ProcessIntentUseCase } from './process-intent.usecase';

/**
 * Pauses the message-request consumer while a channel's circuit breaker is
 * open, so new requests wait in Kafka instead of being reserved and parked one
 * after another. When a breaker half-opens, one of the channel's parked sends
 * probes the provider at once (with none parked, the consumer resumes and the
 * next request probes); when it closes, the channel's parked sends are made
 * due and the consumer resumes once no breaker is open.
 */
@Injectable()
export class BreakerGate implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly open = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly delivery: Delivery,
    private readonly process: ProcessIntentUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.delivery.onBreakerChange((change) => {
      if (this.stopped) return;
      const work = this.changed(change)
        .catch((error) => this.platform.logger.warn({ err: (error as Error).message, ...change }, 'breaker change handling failed'))
        .finally(() => this.inFlight.delete(work));
      this.inFlight.add(work);
    });
  }

  /** Lets a probe in progress finish before the database and the breakers go away. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.inFlight]);
  }

  private async changed({ workspaceId, channel, state }: BreakerChange): Promise<void> {
    const key = `${workspaceId}\u0000${channel}`;
    if (state === 'open') {
      this.open.add(key);
      if (!this.platform.consumer.paused) {
        this.platform.logger.warn({ workspaceId, channel }, 'circuit breaker open: message requests paused');
        this.platform.consumer.pause();
      }
      return;
    }
    if (state === 'halfOpen') {
      if (await this.process.probeChannel(workspaceId, channel)) return; // its outcome opens or closes the breaker
    } else {
      await this.process.releaseChannel(workspaceId, channel);
    }
    this.open.delete(key);
    if (this.open.size === 0 && this.platform.consumer.paused) {
      this.platform.logger.info({ workspaceId, channel }, 'circuit breakers closed: message requests resumed');
      this.platform.consumer.resume();
    }
  }
}
