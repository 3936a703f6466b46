import { WorkspaceConfig } from '@cairn/config';
import { MessageRequest } from '@cairn/contracts';
import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { IntentRepository } from '../messages/intent.repository';
import { lockUsers } from '../shared/user-lock';
import { DecideIntent, DecisionItem } from './decide-intent';
import { DeliverSends } from './deliver-sends';
import { BatchGroup } from './batch-group';
import { PrepareContent } from './prepare-content';

/** Decision transactions at a time (each takes one pooled connection). */
const DECISION_LANES = 2;

/**
 * A batch of message requests from one partition (or several partitions'
 * batches that arrived together), set-based: the batch's
 * templates are read first; then one transaction takes the locks of all the
 * batch's users, records an intent per request (unique per workspace and
 * idempotency key, so a redelivered request adds nothing) and reads the
 * intents still pending in one statement, renders them and decides them (one
 * user's intents in order, each reservation counting against the next). The
 * reserved sends are then queued for delivery, so the next batch is decided
 * while they go out.
 */
@Injectable()
export class HandleMessageRequestsUseCase {
  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly intents: IntentRepository,
    private readonly content: PrepareContent,
    private readonly decider: DecideIntent,
    private readonly sends: DeliverSends,
  ) {}

  /** Partitions' batches that arrive while DECISION_LANES decisions are in flight are decided together in the next one. */
  private readonly group = new BatchGroup<MessageRequest>((requests) => this.decide(requests), DECISION_LANES);

  async execute(requests: MessageRequest[]): Promise<void> {
    const known = new Set(this.platform.config.workspaces.map((w) => w.id));
    const accepted = requests.filter((r) => known.has(r.workspaceId));
    if (accepted.length < requests.length) {
      this.platform.logger.warn({ dropped: requests.length - accepted.length }, 'message requests for unknown workspaces dropped');
    }
    if (accepted.length > 0) await this.group.submit(accepted);
  }

  private async decide(accepted: MessageRequest[]): Promise<void> {
    const workspaces = new Map<string, WorkspaceConfig>(this.platform.config.workspaces.map((w) => [w.id, w]));
    const templates = await this.content.templatesFor(accepted);
    const reserved = await this.platform.dataSource.transaction(async (manager) => {
      await lockUsers(manager, accepted);
      const now = this.platform.clock.now(); // decided as of when the locks were granted
      const items: DecisionItem[] = [];
      for (const intent of await this.intents.recordPending(manager, accepted, now)) {
        items.push({ intent, workspace: workspaces.get(intent.workspaceId)!, prepared: await this.content.render(intent, templates) });
      }
      return this.decider.decideLocked(manager, items, now, ['PENDING']);
    });
    this.platform.outbox.nudge();
    await this.sends.enqueue(reserved);
  }
}
