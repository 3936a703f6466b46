import { KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { isOutOfOrderSequence } from './kafkajs.adapter';

// kafkajs's type declarations name one argument; its classes take what its retrier and protocol decoder pass (errors.js).
const NonRetriable = KafkaJSNonRetriableError as unknown as new (e: Error, options: { cause: unknown }) => Error;
const Protocol = KafkaJSProtocolError as unknown as new (e: { type: string; code: number; retriable: boolean; message: string }) => Error;

/** Wrapped as kafkajs's retrier wraps what it gives up on (retry/index.js): the cause is the broker's answer. */
const givenUp = (e: Error) => new NonRetriable(e, { cause: e.cause ?? e });

/** A broker's error answer as kafkajs builds it from the protocol's error code. */
const protocolError = (type: string, code: number) => new Protocol({ type, code, retriable: false, message: `the broker answered ${type}` });

describe('isOutOfOrderSequence (the adapter replaces its idempotent producer on it)', () => {
  const refused = protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER', 45);

  it('recognises the refusal as the broker sent it and as kafkajs wraps it after its retries', () => {
    expect(isOutOfOrderSequence(refused)).toBe(true);
    expect(isOutOfOrderSequence(new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 3_000 }))).toBe(true);
    expect(isOutOfOrderSequence(givenUp(new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 3_000 })))).toBe(true);
    expect(isOutOfOrderSequence(givenUp(refused))).toBe(true);
  });

  it('leaves every other failure to the outbox relay’s retries', () => {
    expect(isOutOfOrderSequence(protocolError('NOT_LEADER_OR_FOLLOWER', 6))).toBe(false);
    expect(isOutOfOrderSequence(givenUp(protocolError('MESSAGE_TOO_LARGE', 10)))).toBe(false);
    expect(isOutOfOrderSequence(new Error('connect ECONNREFUSED'))).toBe(false);
    expect(isOutOfOrderSequence(undefined)).toBe(false);
  });
});
