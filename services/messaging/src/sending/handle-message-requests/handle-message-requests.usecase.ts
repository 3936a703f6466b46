import { CairnConfig, WorkspaceConfig } from '@cairn/config';
import { MessageRequest } from '@cairn/contracts';
import { BatchGroup, Clock, CLOCK } from '@cairn/core';
import { OutboxRelay } from '@cairn/kafka';
import { Logger } from '@cairn/observability';
import { CONFIG, DATA_SOURCE, LOGGER, OUTBOX } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntentRepository } from '../../messages/intent.repository';
import { withoutErasedRequests } from '../erased-requests';
import { groupBy } from '../../shared/group-by';
import { lockUsers } from '../../shared/user-lock';
import { DecideIntent, DecisionItem } from '../decide-intent';
import { DeliverSends } from '../deliver-sends';
import { Prepared, PrepareContent } from '../prepare-content';
import { REQUEST_INVALID, storableRequest } from '../storable-request';
import { withTestMarker } from '../test-sends';
import { HandleMessageRequestsCommand } from './handle-message-requests.command';

/** Decision transactions at a time (each takes one pooled connection). */
const DECISION_LANES = 2;

const requestKey = (r: { workspaceId: string; idempotencyKey: string }) => `${r.workspaceId}\u0000${r.idempotencyKey}`;

/**
 * A batch of message requests from one partition (or several partitions'
 * batches that arrived together), set-based: the batch's templates are read
 * and rendered first, outside any transaction (in the render pool's workers,
 * each within its CPU budget); then one transaction takes the locks of all
 * the batch's users, records an intent per request (unique per workspace and
 * idempotency key, so a redelivered request adds nothing), reads the intents
 * still pending in one statement per workspace and decides them (one user's intents in
 * order, each reservation counting against the next). A request Postgres
 * cannot store as it came (a NUL character) is recorded repaired and fails
 * with `request_invalid` instead of failing its batch. The reserved sends
 * are then queued for delivery, so the next batch is decided while they go out.
 */
@Injectable()
export class HandleMessageRequestsUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
    private readonly content: PrepareContent,
    private readonly decider: DecideIntent,
    private readonly sends: DeliverSends,
  ) {}

  /** Partitions' batches that arrive while DECISION_LANES decisions are in flight are decided together in the next one. */
  private readonly group = new BatchGroup<MessageRequest>((requests) => this.decide(requests), DECISION_LANES);

  async execute({ requests }: HandleMessageRequestsCommand): Promise<void> {
    const known = new Set(this.config.workspaces.map((w) => w.id));
    const accepted = requests.filter((r) => known.has(r.workspaceId));
    if (accepted.length < requests.length) {
      this.logger.warn({ dropped: requests.length - accepted.length }, 'message requests for unknown workspaces dropped');
    }
    if (accepted.length > 0) await this.group.submit(accepted);
  }

  private async decide(accepted: MessageRequest[]): Promise<void> {
    const workspaces = new Map<string, WorkspaceConfig>(this.config.workspaces.map((w) => [w.id, w]));
    const requests = accepted.map(withTestMarker).map(storableRequest);
    const prepared = await this.prepare(requests);
    const stored = requests.map((r) => r.request);
    const reserved = await this.dataSource.transaction(async (manager) => {
      await lockUsers(manager, stored);
      const now = this.clock.now(); // decided as of when the locks were granted
      const intents = new IntentRepository(manager);
      const items: DecisionItem[] = [];
      for (const [workspaceId, all] of groupBy(stored, (r) => r.workspaceId)) {
        const mine = await withoutErasedRequests(manager, workspaceId, all); // an erased person's requests, under the locks
        for (const intent of await intents.recordPending(workspaceId, mine, now)) {
          items.push({
            intent,
            workspace: workspaces.get(workspaceId)!,
            prepared: prepared.get(requestKey(intent)) ?? { ok: false, reason: 'template_not_found' },
          });
        }
      }
      return this.decider.decideLocked(manager, items, now, ['PENDING']);
    });
    this.outbox.nudge();
    await this.sends.enqueue(reserved);
  }

  /**
   * Each request's rendered content (or why it has none), by workspace and
   * idempotency key; for a key repeated in the batch, the first request's (the
   * one recorded).
   */
  private async prepare(requests: Array<{ request: MessageRequest; invalid: boolean }>): Promise<Map<string, Prepared>> {
    const valid = requests.filter((r) => !r.invalid).map((r) => r.request);
    const rendered = await this.content.renderMany(valid, await this.content.templatesFor(valid));
    const byRequest = new Map(valid.map((request, i) => [request, rendered[i]]));
    const prepared = new Map<string, Prepared>();
    for (const { request, invalid } of requests) {
      const key = requestKey(request);
      if (!prepared.has(key)) prepared.set(key, invalid ? { ok: false, reason: REQUEST_INVALID } : byRequest.get(request)!);
    }
    return prepared;
  }
}
