import { WorkspaceConfig } from '@cairn/config';
import { MessageRequest } from '@cairn/contracts';
import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { IntentRepository } from '../messages/intent.repository';
import { DecideIntent } from './decide-intent';
import { DeliverSends } from './deliver-sends';
import { PrepareContent } from './prepare-content';

/**
 * A batch of message requests from one partition, set-based from end to end:
 * one transaction records an intent per request (unique per workspace and
 * idempotency key, so a redelivered request adds nothing); the templates of the
 * batch are rendered outside any transaction; one transaction decides every
 * intent still pending under the locks of all the batch's users (one user's
 * intents in order, each reservation counting against the next); then the
 * reserved sends are delivered, several users at once, and recorded in group
 * commits.
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

  async execute(requests: MessageRequest[]): Promise<void> {
    const workspaces = new Map<string, WorkspaceConfig>(this.platform.config.workspaces.map((w) => [w.id, w]));
    const accepted = requests.filter((r) => workspaces.has(r.workspaceId));
    if (accepted.length < requests.length) {
      this.platform.logger.warn({ dropped: requests.length - accepted.length }, 'message requests for unknown workspaces dropped');
    }
    const pending = await this.platform.dataSource.transaction(async (manager) => {
      await this.intents.insertRequests(manager, accepted, this.platform.clock.now());
      return this.intents.pending(manager, accepted);
    });
    if (pending.length === 0) return;
    const prepared = await this.content.prepareAll(pending);
    const items = pending.map((intent) => ({ intent, workspace: workspaces.get(intent.workspaceId)!, prepared: prepared.get(intent.id)! }));
    const reserved = await this.platform.dataSource.transaction((manager) =>
      this.decider.decideMany(manager, items, this.platform.clock.now(), ['PENDING']),
    );
    this.platform.outbox.nudge();
    await this.sends.deliverAll(reserved);
  }
}
