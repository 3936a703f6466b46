import { waitFor } from '@cairn/testing';
import { MessagingParts, Row } from '../../testing/messaging-parts';
import { SegmentsStub } from '../../testing/segments-stub';
import { BroadcastRepository } from '../broadcast.repository';
import { CreateBroadcastUseCase } from '../create-broadcast/create-broadcast.usecase';
import { GetBroadcastUseCase } from '../get-broadcast/get-broadcast.usecase';
import { RunBroadcastStepUseCase, TARGET_PAGE } from './run-broadcast-step.usecase';

describe('RunBroadcastStepUseCase', () => {
  let parts: MessagingParts;
  const segments = new SegmentsStub();
  let create: CreateBroadcastUseCase;
  let get: GetBroadcastUseCase;
  const steps = () =>
    new RunBroadcastStepUseCase(
      parts.dataSource,
      parts.clock,
      parts.config,
      parts.logger,
      parts.outbox,
      parts.segments,
      parts.content,
      parts.decider,
      parts.sends,
    );
  const members = (n: number) => Array.from({ length: n }, (_, i) => ({ userId: `m${String(i).padStart(5, '0')}`, traits: { name: `Member ${i}` } }));
  const runAll = async (step: RunBroadcastStepUseCase) => {
    for (let i = 0; i < 100 && (await step.execute()); i++);
  };

  beforeAll(async () => {
    await segments.start();
    parts = await MessagingParts.start();
    parts.config.services = { segments: segments.url };
    create = new CreateBroadcastUseCase(parts.dataSource, parts.clock, parts.credentials, parts.segments);
    get = new GetBroadcastUseCase(parts.dataSource);
    const now = parts.clock.now();
    await parts.channels.insert('dev', { key: 'hook', type: 'log', config: {} }, now);
    await parts.templates.insert('dev', { key: 'notice', channel: 'log', content: { text: 'Hello {{ user.name }} ({{ broadcast.key }})' } }, now);
    segments.segments.set('everyone', members(TARGET_PAGE + 250));
    segments.segments.set('few', members(40));
  });

  afterAll(async () => {
    await parts?.stop();
    await segments.stop();
  });

  it('reads every member in pages, then sends each one message once, and completes', async () => {
    const broadcast = await create.execute({
      workspace: parts.workspace,
      body: { key: 'notice-all', segment: 'everyone', channel: 'hook', template: 'notice', category: 'transactional' },
    });
    expect(broadcast).toMatchObject({ status: 'scheduled', progress: { targeted: 0 } });
    // A replica that dies after claiming the first step: the step waits for its claim to run out, then another prepares it.
    expect(await new BroadcastRepository(parts.dataSource.manager).claimDue(parts.clock.now(), new Date(parts.clock.now().getTime() + 60_000))).toBeDefined();
    expect(await steps().execute()).toBe(false);
    parts.clock.advance(60_000);
    await runAll(steps());
    await waitFor(async () => (await get.execute({ workspaceId: 'dev', idOrKey: 'notice-all' })).progress.sent === TARGET_PAGE + 250, {
      what: 'every member sent',
      timeoutMs: 60_000,
    });
    const view = await get.execute({ workspaceId: 'dev', idOrKey: broadcast.id });
    expect(view).toMatchObject({
      status: 'completed',
      progress: { targeted: TARGET_PAGE + 250, targetingDone: true, pending: 0, holdout: 0, sent: TARGET_PAGE + 250 },
    });
    const sent = parts.provider.sent.filter((m) => m.idempotencyKey.startsWith(`broadcast:${broadcast.id}:`));
    expect(new Set(sent.map((m) => m.userId)).size).toBe(TARGET_PAGE + 250);
    expect(sent).toHaveLength(TARGET_PAGE + 250);
    expect(sent.find((m) => m.userId === 'm00007')!.content).toEqual({ text: 'Hello Member 7 (notice-all)' });
    expect(segments.calls.filter((c) => c.startsWith('/v1/segments/everyone/members?limit=1000'))).toHaveLength(2);
  });

  it('resumes after a crash from what was stored: the cursor and the targets already requested', async () => {
    await create.execute({
      workspace: parts.workspace,
      body: { key: 'notice-few', segment: 'few', channel: 'hook', template: 'notice', category: 'transactional', ratePerMinute: 600 },
    });
    const first = steps();
    expect(await first.execute()).toBe(true); // the only page
    expect(await first.execute()).toBe(true); // 10 members (a second's worth at 600 a minute)
    // The process dies here; another replica goes on from the database alone.
    const survivor = steps();
    parts.clock.advance(1_000);
    expect(await survivor.execute()).toBe(true);
    expect(await survivor.execute()).toBe(false); // paced: the next slice is a second away
    for (let i = 0; i < 5; i++) {
      parts.clock.advance(1_000);
      await survivor.execute();
    }
    await waitFor(async () => (await get.execute({ workspaceId: 'dev', idOrKey: 'notice-few' })).progress.sent === 40, { what: 'the few sent' });
    const keys = (
      await parts.dataSource.query(`SELECT idempotency_key FROM messaging.send_intents WHERE idempotency_key LIKE 'broadcast:%' AND user_id LIKE 'm0003%'`)
    ).map((r: Row) => r.idempotency_key);
    expect(new Set(keys).size).toBe(keys.length);
    expect((await get.execute({ workspaceId: 'dev', idOrKey: 'notice-few' })).status).toBe('completed');
  });

  it('keeps the holdout share out, deterministically per member, and goes through the same decisions (consent for promotional)', async () => {
    await create.execute({
      workspace: parts.workspace,
      body: { key: 'promo-few', segment: 'few', channel: 'hook', template: 'notice', category: 'promotional', holdout: 0.25 },
    });
    await runAll(steps());
    const view = await waitFor(
      async () => {
        const v = await get.execute({ workspaceId: 'dev', idOrKey: 'promo-few' });
        return v.status === 'completed' ? v : undefined;
      },
      { what: 'the promotion completed' },
    );
    expect(view.progress.holdout).toBeGreaterThan(0);
    expect(view.progress.holdout + view.progress.suppressed).toBe(40);
    expect(view.progress.suppressedByReason).toEqual({ no_consent: 40 - view.progress.holdout });
  });

  it('refuses an unknown segment, channel or template before storing anything, naming each', async () => {
    await expect(
      create.execute({ workspace: parts.workspace, body: { key: 'x', segment: 'nobody', channel: 'hook', template: 'notice', category: 'transactional' } }),
    ).rejects.toMatchObject({ status: 400, fields: [{ path: 'segment', message: 'unknown segment "nobody"' }] });
    await expect(
      create.execute({ workspace: parts.workspace, body: { key: 'x', segment: 'few', channel: 'fax', template: 'nope', category: 'transactional' } }),
    ).rejects.toMatchObject({ status: 400, fields: [{ path: 'channel' }, { path: 'template' }] });
    await expect(
      create.execute({
        workspace: parts.workspace,
        body: { key: 'notice-all', segment: 'few', channel: 'hook', template: 'notice', category: 'transactional' },
      }),
    ).rejects.toMatchObject({ status: 409, code: 'BROADCAST_EXISTS' });
  });
});
