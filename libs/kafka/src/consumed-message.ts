import { Headers } from './bus.adapter';

/** A message as a handler sees it: validated against its topic's contract. */
export interface ConsumedMessage<T = unknown> {
  /** The logical topic name (without a deployment prefix). */
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: T;
  headers: Headers;
  /** Broker timestamp, epoch milliseconds. */
  timestamp: number;
  /** `<topic>/<partition>/<offset>`: the same on every redelivery of this message. */
  deliveryId: string;
}

/** Header names a dead-lettered message carries. */
export const DLQ_HEADERS = {
  code: 'cairn-dlq-code',
  error: 'cairn-dlq-error',
  topic: 'cairn-dlq-topic',
  partition: 'cairn-dlq-partition',
  offset: 'cairn-dlq-offset',
  group: 'cairn-dlq-group',
  attempts: 'cairn-dlq-attempts',
  failedAt: 'cairn-dlq-failed-at',
} as const;

export type DeadLetterCode = 'CONTRACT_VIOLATION' | 'HANDLER_FAILED';
