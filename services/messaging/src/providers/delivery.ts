import { backoffDelay, RetryPolicy } from '@cairn/kafka';
import CircuitBreaker from 'opossum';
import { MessageProvider, ProviderError, ProviderMessage } from './provider';

export interface DeliveryOptions {
  retry: RetryPolicy;
  /** Breaker settings (opossum). */
  breaker: { resetTimeoutMs: number; errorThresholdPercentage: number; volumeThreshold: number; timeoutMs: number };
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
  retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 2_000 },
  breaker: { resetTimeoutMs: 10_000, errorThresholdPercentage: 50, volumeThreshold: 5, timeoutMs: 30_000 },
};

export type DeliveryResult = { ok: true } | { ok: false; code: string; message: string; retryable: boolean };

/** A channel's breaker changed state (`halfOpen`: one call may probe the provider now). */
export interface BreakerChange {
  workspaceId: string;
  channel: string;
  state: 'open' | 'halfOpen' | 'close';
}

function asProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'EOPENBREAKER') return new ProviderError('circuit_open', "the channel's circuit breaker is open", true);
  if (code === 'ETIMEDOUT') return new ProviderError('provider_unavailable', 'the provider did not answer in time', true);
  return new ProviderError('provider_error', (error as Error).message ?? String(error), true);
}

/**
 * Calls providers through one opossum circuit breaker per workspace channel,
 * retrying retryable failures with exponential backoff and jitter; permanent
 * failures (4xx, refused destinations) end at once and do not trip the breaker.
 */
export class Delivery {
  private readonly breakers = new Map<string, CircuitBreaker<[ProviderMessage], void>>();
  private readonly listeners: Array<(change: BreakerChange) => void> = [];

  constructor(
    private readonly providers: MessageProvider[],
    private readonly options: DeliveryOptions = DEFAULT_DELIVERY,
  ) {}

  async deliver(message: ProviderMessage): Promise<DeliveryResult> {
    const breaker = this.breakerFor(message);
    if (!breaker) return { ok: false, code: 'channel_type_unsupported', message: `no provider for ${message.channel.type}`, retryable: false };
    let last: ProviderError | undefined;
    for (let attempt = 1; attempt <= this.options.retry.attempts; attempt++) {
      try {
        await breaker.fire(message);
        return { ok: true };
      } catch (error) {
        last = asProviderError(error);
        // A permanent failure ends at once; an open breaker fails fast instead of spinning through retries.
        if (!last.retryable || breaker.opened) break;
        if (attempt < this.options.retry.attempts) await new Promise((r) => setTimeout(r, backoffDelay(this.options.retry, attempt)));
      }
    }
    return { ok: false, code: last!.code, message: last!.message, retryable: last!.retryable };
  }

  /** Calls `listener` whenever a channel's breaker opens, half-opens or closes. */
  onBreakerChange(listener: (change: BreakerChange) => void): void {
    this.listeners.push(listener);
  }

  /** Nest calls this when the application stops: breakers hold timers. */
  onApplicationShutdown(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }

  private breakerFor(message: ProviderMessage): CircuitBreaker<[ProviderMessage], void> | undefined {
    const provider = this.providers.find((p) => p.type === message.channel.type);
    if (!provider) return undefined;
    const key = `${message.workspaceId}:${message.channel.key}:${message.channel.type}`;
    let breaker = this.breakers.get(key);
    if (!breaker) {
      const b = this.options.breaker;
      const reset = message.channel.config.resetTimeoutMs;
      breaker = new CircuitBreaker((m: ProviderMessage) => provider.send(m), {
        timeout: b.timeoutMs,
        resetTimeout: typeof reset === 'number' ? reset : b.resetTimeoutMs,
        errorThresholdPercentage: b.errorThresholdPercentage,
        volumeThreshold: b.volumeThreshold,
        errorFilter: (error: unknown) => error instanceof ProviderError && !error.retryable,
      });
      const notify = (state: BreakerChange['state']) => () =>
        this.listeners.forEach((listener) => listener({ workspaceId: message.workspaceId, channel: message.channel.key, state }));
      breaker.on('open', notify('open'));
      breaker.on('halfOpen', notify('halfOpen'));
      breaker.on('close', notify('close'));
      this.breakers.set(key, breaker);
    }
    return breaker;
  }
}
