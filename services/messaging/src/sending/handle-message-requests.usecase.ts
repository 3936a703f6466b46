import { MessageRequest } from '@cairn/contracts';
import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { IntentRepository } from '../messages/intent.repository';
import { ProcessIntentUseCase } from './process-intent.usecase';

/**
 * A batch of message requests from one partition: one transaction records an
 * intent per request (unique per workspace and idempotency key, so a
 * redelivered request adds nothing), then each intent still pending is
 * decided and delivered in order.
 */
@Injectable()
export class HandleMessageRequestsUseCase {
  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly intents: IntentRepository,
    private readonly process: ProcessIntentUseCase,
  ) {}

  async execute(requests: MessageRequest[]): Promise<void> {
    const known = new Set(this.platform.config.workspaces.map((w) => w.id));
    const accepted = requests.filter((r) => known.has(r.workspaceId));
    if (accepted.length < requests.length) {
      this.platform.logger.warn({ dropped: requests.length - accepted.length }, 'message requests for unknown workspaces dropped');
    }
    const now = this.platform.clock.now();
    const pending = await this.platform.dataSource.transaction(async (manager) => {
      await this.intents.insertRequests(manager, accepted, now);
      return this.intents.pendingIds(manager, accepted);
    });
    for (const id of pending) await this.process.processPending(id);
  }
}
