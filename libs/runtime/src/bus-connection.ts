import { BusAdapter } from '@cairn/kafka';
import { Logger } from '@cairn/observability';

/** How long a service waits between two attempts to reach Kafka while it cannot (wrong credentials, broker away). */
export const BUS_RETRY_INTERVAL_MS = 5_000;

/** Why an attempt failed, with kafkajs's cause when it wraps one (e.g. the SASL handshake's answer). */
function reason(error: unknown): string {
  const e = error as Error & { cause?: Error; name?: string };
  const cause = e?.cause?.message && e.cause.message !== e.message ? ` (${e.cause.message})` : '';
  return `${e?.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e?.message ?? String(error)}${cause}`;
}

/**
 * Connects a service's bus. While Kafka cannot be reached or refuses the
 * credentials, the service stays up and not ready, and says why once per
 * retry interval, instead of exiting into a restart loop or hanging quietly.
 */
export class BusConnection {
  private connectedFlag = false;
  private stopped = false;
  private wake?: () => void;

  constructor(
    private readonly bus: BusAdapter,
    private readonly logger: Logger,
    private readonly intervalMs = BUS_RETRY_INTERVAL_MS,
  ) {}

  get connected(): boolean {
    return this.connectedFlag;
  }

  /** One attempt; false (logged) when it failed. */
  async attempt(attempt = 1): Promise<boolean> {
    try {
      await this.bus.connect();
      this.connectedFlag = true;
      if (attempt > 1) this.logger.info({ attempt }, 'connected to Kafka');
      return true;
    } catch (error) {
      this.logger.error(
        { err: reason(error), attempt, retryInMs: this.intervalMs },
        `cannot connect to Kafka; not ready, retrying in ${this.intervalMs / 1000} s`,
      );
      return false;
    }
  }

  /** Retries every interval until connected (true) or stopped (false). */
  async untilConnected(): Promise<boolean> {
    for (let attempt = 2; !this.stopped; attempt++) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.intervalMs);
        this.wake = () => (clearTimeout(timer), resolve());
      });
      this.wake = undefined;
      if (this.stopped) return false;
      if (await this.attempt(attempt)) return true;
    }
    return false;
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }
}
