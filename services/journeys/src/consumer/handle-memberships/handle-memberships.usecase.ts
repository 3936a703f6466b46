import { MembershipChange } from '@cairn/contracts';
import { claimNewKeys } from '@cairn/db';
import { ConsumedMessage } from '@cairn/kafka';
import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JourneyRepository } from '../../definitions/journey.repository';
import { RunRepository } from '../../runs/run.repository';
import { enterJourneys } from '../enter-journeys';

export const MEMBERSHIP_CONSUMER = 'journeys.memberships';

/**
 * One batch of segment entries and exits in one transaction: the user's
 * memberships (for `{ segment }` branches) and traits are kept, and journeys
 * entered on that segment change start. Redeliveries are skipped by key.
 */
@Injectable()
export class HandleMembershipsUseCase {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  async execute(messages: ConsumedMessage<MembershipChange>[]): Promise<void> {
    const now = this.platform.clock.now();
    const queued = await this.platform.dataSource.transaction(async (m) => {
      const fresh = await claimNewKeys(m, 'journeys', MEMBERSHIP_CONSUMER, messages.map((x) => changeKey(x.value)));
      let total = 0;
      for (const { value } of messages) {
        if (!fresh.delete(changeKey(value))) continue;
        total += await this.handleOne(m, value, now);
      }
      return total;
    });
    if (queued > 0) this.platform.outbox.nudge();
  }

  private async handleOne(m: EntityManager, c: MembershipChange, now: Date): Promise<number> {
    const runs = new RunRepository(m);
    const entered = c.change === 'entered';
    await runs.setSegment(c.workspaceId, c.userId, c.segmentKey, entered);
    if (c.traits) await runs.mergeTraits(c.workspaceId, c.userId, c.traits);
    const journeys = await new JourneyRepository(m).activeByEntry(c.workspaceId, 'segment', [c.segmentKey]);
    const workspace = this.platform.config.workspaces.find((w) => w.id === c.workspaceId);
    return enterJourneys(m, { workspaceId: c.workspaceId, workspace, userId: c.userId, now }, journeys, {
      kind: 'segment',
      segment: c.segmentKey,
      change: entered ? 'enter' : 'exit',
      at: Date.parse(c.at),
      messageId: changeKey(c),
    });
  }
}

function changeKey(c: MembershipChange): string {
  return `${c.workspaceId}:${c.userId}:${c.segmentKey}:${c.seq}`;
}
