import { BehaviourEvent } from '@cairn/contracts';
import { claimNewKeys } from '@cairn/db';
import { ConsumedMessage } from '@cairn/kafka';
import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JourneyEvent } from '../../domain';
import { JourneyRepository } from '../../definitions/journey.repository';
import { RunRepository } from '../../runs/run.repository';
import { enterJourneys, feedRuns, UserInput } from '../enter-journeys';
import { recordItemInterest, UserEvent } from '../item-interest';

export const EVENTS_CONSUMER = 'journeys.events';

/**
 * One batch of behaviour events in one transaction: identify traits are kept
 * for templates and time zones; a track event first reaches the user's open
 * runs (goal, exit criteria, waitUntil), then starts the journeys it enters;
 * the events catalog audiences name update the item-interest projection.
 * A redelivered message (same workspace and messageId) is skipped.
 */
@Injectable()
export class HandleEventsUseCase {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  async execute(messages: ConsumedMessage<BehaviourEvent>[]): Promise<void> {
    const now = this.platform.clock.now();
    const queued = await this.platform.dataSource.transaction(async (m) => {
      const fresh = await claimNewKeys(m, 'journeys', EVENTS_CONSUMER, messages.map((x) => eventKey(x.value)));
      let total = 0;
      const tracked: UserEvent[] = [];
      for (const { value } of messages) {
        if (!fresh.delete(eventKey(value))) continue;
        total += await this.handleOne(m, value, now);
        if (value.type === 'track' && value.event && value.userId) tracked.push({ workspaceId: value.workspaceId, userId: value.userId, event: journeyEvent(value) });
      }
      await recordItemInterest(m, tracked);
      return total;
    });
    if (queued > 0) this.platform.outbox.nudge();
  }

  private async handleOne(m: EntityManager, e: BehaviourEvent, now: Date): Promise<number> {
    if (!e.userId) return 0;
    if (e.type === 'identify' && e.traits) await new RunRepository(m).mergeTraits(e.workspaceId, e.userId, e.traits);
    if (e.type !== 'track' || !e.event) return 0;
    const u: UserInput = { workspaceId: e.workspaceId, workspace: this.workspace(e.workspaceId), userId: e.userId, now };
    const event = journeyEvent(e);
    let queued = await feedRuns(m, u, event);
    const journeys = await new JourneyRepository(m).activeByEntry(e.workspaceId, 'event', [e.event]);
    queued += await enterJourneys(m, u, journeys, { kind: 'event', event });
    return queued;
  }

  private workspace(id: string) {
    return this.platform.config.workspaces.find((w) => w.id === id);
  }
}

function journeyEvent(e: BehaviourEvent): JourneyEvent {
  return { name: e.event ?? '', properties: e.properties ?? {}, at: Date.parse(e.timestamp), messageId: e.messageId };
}

function eventKey(e: BehaviourEvent): string {
  return `${e.workspaceId}:${e.messageId}`;
}
