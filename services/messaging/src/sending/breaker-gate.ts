import { Logger } from '@cairn/observability';
import { LOGGER } from '@cairn/runtime';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { BreakerChange, Delivery } from '../providers/delivery';
import { breakerState } from './messaging-metrics';
import { ProbeChannelUseCase } from './probe-channel/probe-channel.usecase';
import { ReleaseChannelUseCase } from './release-channel/release-channel.usecase';

const STATE_VALUE = { open: 1, halfOpen: 0.5, close: 0 } as const;

/**
 * Follows the circuit breakers, one per workspace channel. An open breaker
 * holds back only that channel's sends: they fail fast with `circuit_open`
 * and stay reserved with a backoff (not lost, not retried hot), while the
 * message-request consumer goes on, so every other channel and workspace
 * keeps flowing. When a breaker half-opens, one of the channel's parked sends
 * probes the provider at once (with none parked, the channel's next send
 * probes); when it closes, the channel's parked sends are made due at once.
 */
@Injectable()
export class BreakerGate implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly delivery: Delivery,
    private readonly probeChannel: ProbeChannelUseCase,
    private readonly releaseChannel: ReleaseChannelUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.delivery.onBreakerChange((change) => {
      if (this.stopped) return;
      const work = this.changed(change)
        .catch((error) => this.logger.warn({ err: (error as Error).message, ...change }, 'breaker change handling failed'))
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
    breakerState.set({ workspace: workspaceId, channel }, STATE_VALUE[state]);
    if (state === 'open') {
      this.logger.warn({ workspaceId, channel }, "circuit breaker open: this channel's sends are held back");
    } else if (state === 'halfOpen') {
      await this.probeChannel.execute({ workspaceId, channel }); // its outcome opens or closes the breaker
    } else {
      const released = await this.releaseChannel.execute({ workspaceId, channel });
      this.logger.info({ workspaceId, channel, released }, "circuit breaker closed: the channel's held sends are due");
    }
  }
}
