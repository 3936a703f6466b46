import { CairnConfig, WorkspaceConfig } from '@cairn/config';
import { MessageRequest } from '@cairn/contracts';
import { Clock, CLOCK, NotFound, stableUnitInterval } from '@cairn/core';
import { IsolatedPassOptions, IsolatedWork, runIsolatedPass } from '@cairn/db';
import { OutboxRelay } from '@cairn/kafka';
import { broadcastPace } from '@cairn/messaging-domain';
import { Logger } from '@cairn/observability';
import { CONFIG, DATA_SOURCE, isolatedPassOptions, LOGGER, OUTBOX } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SegmentsClient, SegmentsNotConfigured } from '../../audience/segments-client';
import { SendIntent } from '../../messages/intent';
import { IntentRepository } from '../../messages/intent.repository';
import { DecideIntent } from '../../sending/decide-intent';
import { DeliverSends } from '../../sending/deliver-sends';
import { PrepareContent } from '../../sending/prepare-content';
import { MESSAGING_SCHEMA } from '../../shared/schema';
import { lockUsers } from '../../shared/user-lock';
import { Broadcast, broadcastMessageKey } from '../broadcast';
import { BroadcastTargetRepository } from '../broadcast-target.repository';
import { BroadcastRepository } from '../broadcast.repository';
import { BROADCAST_KIND } from '../broadcast-parked-kind';
import { BroadcastPlan } from './broadcast-plan';

/** Members read from segments in one step. */
export const TARGET_PAGE = 1_000;
/** Members requested in one step at most (fewer under a rate). */
export const SEND_SLICE = 500;
/** How long a replica holds a claimed step before another may prepare it. */
const CLAIM_MS = 60_000;

/**
 * One step of one due broadcast (of any workspace): first every member of
 * the segment at send time, a page at a time (`GET /v1/segments/:id/members`,
 * the cursor kept on the broadcast, so a restart resumes after the last page
 * stored), each with a target row (exactly one per member; a holdout share
 * kept out); then the pending members in slices (a second's worth under
 * `ratePerMinute`), each slice recorded and decided as sends with the key
 * `broadcast:<id>:<user>` in one transaction under the users' locks (consent,
 * quiet hours and caps like any send), the targets marked in that same
 * transaction, and the reserved sends queued. The step is prepared outside
 * any transaction and applied only while the broadcast is still at it; a
 * step that fails on its own is set aside and retried, then parked
 * (runIsolatedPass). Returns false when nothing was due.
 */
@Injectable()
export class RunBroadcastStepUseCase {
  private readonly passOptions: IsolatedPassOptions;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(LOGGER) logger: Logger,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
    private readonly segments: SegmentsClient,
    private readonly content: PrepareContent,
    private readonly decider: DecideIntent,
    private readonly sends: DeliverSends,
  ) {
    this.passOptions = isolatedPassOptions({ dataSource, schema: MESSAGING_SCHEMA, logger, clock, config });
  }

  async execute(): Promise<boolean> {
    const now = this.clock.now();
    const claimed = await new BroadcastRepository(this.dataSource.manager).claimDue(now, new Date(now.getTime() + CLAIM_MS));
    if (!claimed) return false;
    const workspace = this.config.workspaces.find((w) => w.id === claimed.workspaceId);
    const plan: BroadcastPlan = workspace ? await this.plan(claimed, workspace) : { kind: 'fail', reason: 'unknown_workspace' };
    const work: IsolatedWork<Broadcast, SendIntent[]> = {
      kind: BROADCAST_KIND,
      identify: (b) => ({ item: b.id, workspaceId: b.workspaceId }),
      claim: async (m) => {
        const locked = await new BroadcastRepository(m).lockStep(claimed.id, claimed.step);
        return locked ? [locked] : [];
      },
      handle: (m, [b]) => this.apply(m, b, workspace!, plan),
      setAside: (m, b, retryAt) => new BroadcastRepository(m).setAside(b.id, retryAt),
    };
    const pass = await runIsolatedPass(this.passOptions, work);
    this.outbox.nudge();
    await this.sends.enqueue(pass.results.flat());
    return true;
  }

  private async plan(b: Broadcast, workspace: WorkspaceConfig): Promise<BroadcastPlan> {
    try {
      if (!b.targetingDone) {
        const page = await this.segments.members(workspace, b.segment, b.cursor, TARGET_PAGE);
        return { kind: 'page', ...page };
      }
      const targets = await new BroadcastTargetRepository(this.dataSource.manager).pending(
        b.workspaceId,
        b.id,
        broadcastPace(b.ratePerMinute ?? undefined, SEND_SLICE).size,
      );
      if (targets.length === 0) return { kind: 'complete' };
      const requests: MessageRequest[] = targets.map((t) => ({
        v: 1,
        workspaceId: b.workspaceId,
        userId: t.userId,
        idempotencyKey: broadcastMessageKey(b.id, t.userId),
        channel: b.channel,
        template: b.template,
        category: b.category,
        context: { user: t.traits, broadcast: { key: b.key } },
        requestedAt: this.clock.now().toISOString(),
      }));
      return { kind: 'send', requests, prepared: await this.content.renderMany(requests, await this.content.templatesFor(requests)) };
    } catch (error) {
      if (error instanceof NotFound) return { kind: 'fail', reason: 'segment_not_found' };
      if (error instanceof SegmentsNotConfigured) return { kind: 'fail', reason: 'segments_not_configured' };
      return { kind: 'error', error };
    }
  }

  private async apply(m: EntityManager, b: Broadcast, workspace: WorkspaceConfig, plan: BroadcastPlan): Promise<SendIntent[]> {
    const now = this.clock.now();
    const broadcasts = new BroadcastRepository(m);
    const running = { status: 'sending' as const, startedAt: now };
    switch (plan.kind) {
      case 'error':
        throw plan.error;
      case 'fail':
        await broadcasts.advance(b.id, { status: 'failed', reason: plan.reason, endedAt: now, nextRunAt: now }, now);
        return [];
      case 'complete':
        await broadcasts.advance(b.id, { status: 'completed', endedAt: now, nextRunAt: now }, now);
        return [];
      case 'page': {
        const members = plan.members.map((member) => ({ ...member, holdout: stableUnitInterval(`broadcast:${b.key}`, 'holdout', member.userId) < b.holdout }));
        await new BroadcastTargetRepository(m).add(b.workspaceId, b.id, members);
        const cursor = plan.members.at(-1)?.userId ?? b.cursor;
        await broadcasts.advance(b.id, { ...running, cursor, targetingDone: plan.next === null, nextRunAt: now }, now);
        return [];
      }
      case 'send':
        return this.sendSlice(m, b, workspace, plan, now);
    }
  }

  /** Records and decides the slice's messages under the users' locks, and marks their targets, in the step's transaction. */
  private async sendSlice(
    m: EntityManager,
    b: Broadcast,
    workspace: WorkspaceConfig,
    plan: Extract<BroadcastPlan, { kind: 'send' }>,
    now: Date,
  ): Promise<SendIntent[]> {
    await lockUsers(m, plan.requests);
    const recorded = await new IntentRepository(m).recordPending(
      b.workspaceId,
      plan.requests.map((r) => ({ ...r, broadcastId: b.id })),
      now,
    );
    const preparedOf = new Map(plan.requests.map((r, i) => [r.idempotencyKey, plan.prepared[i]]));
    const items = recorded.map((intent) => ({ intent, workspace, prepared: preparedOf.get(intent.idempotencyKey)! }));
    const reserved = await this.decider.decideLocked(m, items, now, ['PENDING']);
    await new BroadcastTargetRepository(m).markRequested(
      b.workspaceId,
      b.id,
      plan.requests.map((r) => r.userId),
    );
    const { waitMs } = broadcastPace(b.ratePerMinute ?? undefined, SEND_SLICE);
    await new BroadcastRepository(m).advance(b.id, { status: 'sending', startedAt: now, nextRunAt: new Date(now.getTime() + waitMs) }, now);
    return reserved;
  }
}
