import { metricsRegistry } from '@cairn/observability';
import { Gauge } from 'prom-client';

/** Circuit breakers per workspace channel: 1 open (its sends held back), 0.5 half-open (probing), 0 closed. */
export const breakerState = new Gauge({
  name: 'cairn_messaging_breaker_state',
  help: 'Circuit breaker of a workspace channel: 1 open (sends held back), 0.5 half-open, 0 closed.',
  labelNames: ['workspace', 'channel'],
  registers: [metricsRegistry],
});

/** Reserved sends queued for delivery and not yet recorded (bounded; the consumer waits beyond the bound). */
export const deliveryQueued = new Gauge({
  name: 'cairn_messaging_delivery_queued_sends',
  help: 'Reserved sends queued for delivery whose result is not recorded yet.',
  registers: [metricsRegistry],
});
