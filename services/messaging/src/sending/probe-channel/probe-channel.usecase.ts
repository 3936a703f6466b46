import { CairnConfig } from '@cairn/config';
import { Clock, CLOCK } from '@cairn/core';
import { OutboxRelay } from '@cairn/kafka';
import { CONFIG, DATA_SOURCE, OUTBOX } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntentRepository } from '../../messages/intent.repository';
import { DecideIntent, DELIVERY_LEASE_MS } from '../decide-intent';
import { DeliverSends } from '../deliver-sends';
import { ProbeChannelCommand } from './probe-channel.command';

/**
 * A channel's breaker half-opened: tries one of its parked sends at once to
 * probe the provider (its outcome opens or closes the breaker). Each claimed
 * send is checked again first; sends that the check ends are skipped. False
 * when the channel has no parked send left to probe with.
 */
@Injectable()
export class ProbeChannelUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
    private readonly decider: DecideIntent,
    private readonly sends: DeliverSends,
  ) {}

  async execute({ workspaceId, channel }: ProbeChannelCommand): Promise<boolean> {
    for (;;) {
      const result = await this.tryParked(workspaceId, channel);
      if (result === 'none') return false;
      if (result === 'delivered') return true;
    }
  }

  private async tryParked(workspaceId: string, channel: string): Promise<'none' | 'ended' | 'delivered'> {
    const now = this.clock.now();
    const workspace = this.config.workspaces.find((w) => w.id === workspaceId);
    const result = await this.dataSource.transaction(async (manager) => {
      const intent = await new IntentRepository(manager).claimParked(workspaceId, channel, now, new Date(now.getTime() + DELIVERY_LEASE_MS));
      return intent ? { claimed: true as const, intent: await this.decider.recheckReserved(manager, { intent, workspace, now }) } : { claimed: false as const };
    });
    if (!result.claimed) return 'none';
    this.outbox.nudge();
    if (!result.intent) return 'ended';
    await this.sends.deliverAll([result.intent]);
    return 'delivered';
  }
}
