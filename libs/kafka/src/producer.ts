import { busMetrics, childSpan, formatTraceparent } from '@cairn/observability';
import { BusAdapter, OutgoingMessage } from './bus.adapter';

/** Adds the deployment's topic prefix and the current trace to outgoing messages. */
export function prepareOutgoing(messages: OutgoingMessage[], topicPrefix: string): OutgoingMessage[] {
  return messages.map((m) => ({
    ...m,
    topic: topicPrefix + m.topic,
    headers: { traceparent: formatTraceparent(childSpan()), ...(m.headers ?? {}) },
  }));
}

/**
 * Publishes straight to the bus and resolves only when every message is
 * acknowledged (acks=all). For what a database transaction decided, use the
 * Outbox instead.
 */
export class BusProducer {
  constructor(
    private readonly bus: BusAdapter,
    private readonly topicPrefix = '',
  ) {}

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.bus.publishBatch(prepareOutgoing(messages, this.topicPrefix));
    const counts = new Map<string, number>();
    for (const m of messages) counts.set(m.topic, (counts.get(m.topic) ?? 0) + 1);
    for (const [topic, n] of counts) busMetrics.produced.inc({ topic }, n);
  }
}
