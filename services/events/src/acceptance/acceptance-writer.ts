import { CairnConfig } from '@cairn/config';
import { DomainError } from '@cairn/core';
import { CONFIG, DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AcceptanceRequest, AcceptedMessageRepository } from './accepted-messages.repository';
import { GroupCommit, QueueFull } from './group-commit';

/** Most messages one statement writes for a group of requests (a request may hold 2,000). */
const MAX_GROUP_MESSAGES = 5_000;
/**
 * Most ingest statements in flight at once: 8 of the pool's 10 connections (the outbox relay and the
 * dedupe pruner take the others); with a smaller DATABASE_POOL_SIZE, the pool less those two. One at a time was measured no faster at ingest load (8 clients): it
 * serialises the database work of every request on one backend; beyond 8 concurrent requests, which
 * would otherwise queue for a connection, requests are combined into the next statement instead.
 */
const MAX_STATEMENTS_IN_FLIGHT = 8;
/**
 * Most bytes of events waiting for a statement (per process). Beyond it a
 * request is answered 503 OVERLOADED with Retry-After and nothing of it is
 * written: the database is not keeping up, and queueing more would only grow
 * memory and every request's wait.
 */
export const MAX_QUEUED_BYTES = 32 * 1024 * 1024;

/** 503: ingest is saturated; the request was not accepted (nothing of it is stored) and may be sent again. */
export class IngestOverloaded extends DomainError {
  readonly retryAfterSeconds = 1;
  constructor() {
    super('OVERLOADED', 'ingest is saturated; nothing of this request was accepted, send it again after Retry-After', 503);
    this.name = 'IngestOverloaded';
  }
}

function bytesOf(request: AcceptanceRequest): number {
  let bytes = 0;
  for (const m of request.messages) bytes += m.message.value.length;
  return bytes;
}

/**
 * Accepts the messages of concurrent requests by group commit: requests that
 * arrive in the same turn, or while every statement slot is taken, are
 * written together by the next one statement (AcceptedMessageRepository.acceptNew), in order of
 * arrival, so dedupe stays first-wins and per-key order within a statement is
 * the order of arrival. A request sent after another was answered is written
 * after it. Each caller resumes after its statement committed; a group that
 * fails is retried request by request, so only the request at fault fails.
 */
@Injectable()
export class AcceptanceWriter {
  private readonly group: GroupCommit<AcceptanceRequest, number>;

  constructor(@Inject(DATA_SOURCE) dataSource: DataSource, @Inject(CONFIG) config: CairnConfig) {
    const accepted = new AcceptedMessageRepository(dataSource.manager);
    this.group = new GroupCommit((requests) => accepted.acceptNew(requests), {
      maxGroupSize: MAX_GROUP_MESSAGES,
      maxInFlight: Math.max(1, Math.min(MAX_STATEMENTS_IN_FLIGHT, config.database.poolSize - 2)),
      sizeOf: (request) => request.messages.length,
      maxQueued: { weight: MAX_QUEUED_BYTES, weightOf: bytesOf },
    });
  }

  /** Resolves, once committed, with how many of the request's messages were new (and went to the outbox); IngestOverloaded when the queue is full. */
  accept(request: AcceptanceRequest): Promise<number> {
    return this.group.submit(request).catch((error: unknown) => {
      throw error instanceof QueueFull ? new IngestOverloaded() : error;
    });
  }
}
