import { MessageRequest, TOPICS, userPartitionKey } from '@cairn/contracts';
import { CLOCK, Clock, ValidationFailed, type FieldProblem } from '@cairn/core';
import { OutboxRelay, addToOutbox } from '@cairn/kafka';
import type { SendStep } from '@cairn/journeys-domain';
import { DATA_SOURCE, OUTBOX } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RunBatchRepository } from '../../runs/run-batch.repository';
import { TrialCouponRepository } from '../trial-coupon.repository';
import { trialJourney } from '../trial-journey';
import { TestSendCommand } from './test-send.command';

/** What a test send answers: how to find its message in the delivery log. */
export interface TestSent {
  idempotencyKey: string;
  userId: string;
  journey: string;
  version: number;
  step: string;
  channel: string;
  template: string;
}

interface TestSendBody {
  step: string;
  userId: string;
  version?: unknown;
  entry: Record<string, unknown>;
  traits: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseBody(body: unknown): TestSendBody {
  const b = isObject(body) ? body : {};
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(b)) if (!['step', 'userId', 'version', 'entry', 'traits'].includes(key)) problems.push({ path: key, message: 'unknown field' });
  if (typeof b.step !== 'string' || b.step === '') problems.push({ path: 'step', message: 'must name a send step of the journey' });
  if (typeof b.userId !== 'string' || b.userId === '' || b.userId.length > 256)
    problems.push({ path: 'userId', message: 'must be a user id (1 to 256 characters)' });
  if (b.entry !== undefined && !isObject(b.entry)) problems.push({ path: 'entry', message: 'must be an object such as { "properties": { … } }' });
  if (b.traits !== undefined && !isObject(b.traits)) problems.push({ path: 'traits', message: 'must be an object of traits' });
  if (problems.length > 0) throw new ValidationFailed(problems);
  return {
    step: b.step as string,
    userId: b.userId as string,
    version: b.version,
    entry: (b.entry as Record<string, unknown>) ?? {},
    traits: (b.traits as Record<string, unknown>) ?? {},
  };
}

/**
 * Sends one send step's message to a test user now: a message request marked
 * `test` (messaging then skips frequency caps and quiet hours, and marks it in
 * the delivery log), through the outbox like every request. The template
 * sees the user's traits as journeys knows them (overridden by `traits`),
 * `entry.properties` from the body, and for a coupon step a sample code of
 * the pool (`<prefix>TEST`, no code is given out). Each call is a new send.
 */
@Injectable()
export class TestSendUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  async execute(command: TestSendCommand): Promise<TestSent> {
    const body = parseBody(command.body);
    const m = this.dataSource.manager;
    const journey = await trialJourney(m, command.workspaceId, command.idOrKey, body.version);
    const step = journey.definition.steps[body.step];
    if (step?.type !== 'send') throw new ValidationFailed([{ path: 'step', message: `"${body.step}" is not a send step of journey ${journey.key}` }]);
    const send = step as SendStep;
    const known = (await new RunBatchRepository(m).userFacts(command.workspaceId, [body.userId])).get(body.userId);
    const now = this.clock.now();
    const ref = { key: journey.key, version: journey.version, runId: 'test', step: body.step };
    const coupon = send.coupon ? await this.sampleCoupon(command.workspaceId, send.coupon.pool) : undefined;
    const request: MessageRequest = {
      v: 1,
      workspaceId: command.workspaceId,
      userId: body.userId,
      idempotencyKey: `test:${randomUUID()}`,
      journey: ref,
      channel: send.channel,
      template: send.template,
      category: send.category,
      context: {
        user: { ...known?.traits, ...body.traits },
        entry: { kind: 'test', properties: {}, ...body.entry, at: now.getTime() },
        journey: ref,
        ...(coupon ? { coupon } : {}),
      },
      requestedAt: now.toISOString(),
      test: true,
    };
    await this.dataSource.transaction((tx) =>
      addToOutbox(tx, 'journeys', [{ topic: TOPICS.messageRequests, key: userPartitionKey(command.workspaceId, body.userId), value: JSON.stringify(request) }]),
    );
    this.outbox.nudge();
    return {
      idempotencyKey: request.idempotencyKey,
      userId: body.userId,
      journey: journey.key,
      version: journey.version,
      step: body.step,
      channel: send.channel,
      template: send.template,
    };
  }

  private async sampleCoupon(workspaceId: string, poolKey: string): Promise<{ pool: string; code: string }> {
    const pool = await new TrialCouponRepository(this.dataSource.manager).pool(workspaceId, poolKey);
    return { pool: poolKey, code: `${pool?.prefix ?? ''}TEST` };
  }
}
