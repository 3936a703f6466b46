import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { AcceptanceRequest, acceptNewMessages } from './accepted-messages.repository';
import { GroupCommit } from './group-commit';

/** Most messages one statement writes for a group of requests (a request may hold 2,000). */
const MAX_GROUP_MESSAGES = 5_000;

/**
 * Accepts the messages of concurrent requests by group commit: requests that
 * arrive while a statement is in flight are written together by the next
 * one statement (acceptNewMessages), in order of arrival, so dedupe stays
 * first-wins and per-key order is the order of arrival. Each caller resumes
 * after its group committed; a group that fails is retried request by
 * request, so only the request at fault fails.
 */
@Injectable()
export class AcceptanceWriter {
  private readonly group: GroupCommit<AcceptanceRequest, number>;

  constructor(@Inject(PLATFORM) platform: Platform) {
    this.group = new GroupCommit((requests) => acceptNewMessages(platform.dataSource, requests), {
      maxGroupSize: MAX_GROUP_MESSAGES,
      sizeOf: (request) => request.messages.length,
    });
  }

  /** Resolves, once committed, with how many of the request's messages were new (and went to the outbox). */
  accept(request: AcceptanceRequest): Promise<number> {
    return this.group.submit(request);
  }
}
