import { MessageRequest } from '@cairn/contracts';
import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { IntentRepository } from '../messages/intent.repository';
import { ProcessIntentUseCase } from './process-intent.usecase';

/** How many users' intents are decided and delivered at the same time. */
const USER_CONCURRENCY = 8;

/**
 * A batch of message requests from one partition: one transaction records an
 * intent per request (unique per workspace and idempotency key, so a
 * redelivered request adds nothing), then each intent still pending is
 * decided and delivered: one user's intents in order, several users at once
 * (each decision takes that user's lock, so caps stay exact).
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
      return this.intents.pending(manager, accepted);
    });
    const byUser = new Map<string, string[]>();
    for (const p of pending) byUser.set(p.user, [...(byUser.get(p.user) ?? []), p.id]);
    const queues = [...byUser.values()];
    const worker = async () => {
      for (let ids = queues.shift(); ids; ids = queues.shift()) {
        for (const id of ids) await this.process.processPending(id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(USER_CONCURRENCY, queues.length) }, worker));
  }
}
