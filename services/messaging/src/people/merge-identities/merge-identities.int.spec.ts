import { IdentityLink } from '@cairn/contracts';
import { ConsentRepository } from '../../consents/consent.repository';
import { PutConsentsUseCase } from '../../consents/put-consents/put-consents.usecase';
import { MessagingParts } from '../../testing/messaging-parts';
import { MergeIdentitiesUseCase } from './merge-identities.usecase';

describe('MergeIdentitiesUseCase', () => {
  let parts: MessagingParts;
  let merge: MergeIdentitiesUseCase;
  let putConsents: PutConsentsUseCase;

  beforeAll(async () => {
    parts = await MessagingParts.start();
    merge = new MergeIdentitiesUseCase(parts.dataSource, parts.outbox);
    putConsents = new PutConsentsUseCase(parts.dataSource, parts.clock);
  });

  afterAll(() => parts?.stop());

  const link = (previousId: string, userId: string): IdentityLink => ({
    v: 1,
    workspaceId: 'dev',
    previousId,
    userId,
    linkedAt: parts.clock.now().toISOString(),
  });
  const consents = (userId: string) => new ConsentRepository(parts.dataSource.manager).load('dev', userId);
  const history = (userId: string) => new ConsentRepository(parts.dataSource.manager).history('dev', userId);

  it("gives the user the merged id's consents (per channel and consent, the latest change), its consent history and its sends", async () => {
    await putConsents.execute({
      workspaceId: 'dev',
      userId: 'kim',
      update: { channels: { hook: { advertising: true }, sms: { advertising: true } }, source: 'signup' },
    });
    parts.clock.advance(60_000);
    await putConsents.execute({
      workspaceId: 'dev',
      userId: 'anon-1',
      update: { channels: { sms: { advertising: false }, push: { advertising: true } }, source: 'banner' },
    });
    await parts.record([parts.request('anon-1', 'k-anon-1')]);
    await parts.record([parts.request('kim', 'k-kim-1')]);

    await merge.execute({ links: [link('anon-1', 'kim')] });

    const ledger = await consents('kim');
    expect(Object.fromEntries(Object.entries(ledger).map(([channel, c]) => [channel, [c.advertising?.granted, c.advertising?.source]]))).toEqual({
      hook: [true, 'signup'],
      sms: [false, 'banner'],
      push: [true, 'banner'],
    });
    expect(await consents('anon-1')).toEqual({});
    expect((await history('kim')).map((c) => [c.channel, c.granted, c.source])).toEqual([
      ['push', true, 'banner'],
      ['sms', false, 'banner'],
      ['sms', true, 'signup'],
      ['hook', true, 'signup'],
    ]);
    expect((await parts.intents('kim')).map((i: { idempotency_key: string }) => i.idempotency_key)).toEqual(['k-anon-1', 'k-kim-1']);
    expect(await parts.intents('anon-1')).toEqual([]);

    // Redelivered: nothing changes.
    await merge.execute({ links: [link('anon-1', 'kim')] });
    expect(Object.keys(await consents('kim')).sort()).toEqual(['hook', 'push', 'sms']);
  });

  it('lands on the final user when the links of a chain arrive out of order (user1 → user2 before anonymous → user1)', async () => {
    await putConsents.execute({ workspaceId: 'dev', userId: 'anon-2', update: { channels: { hook: { advertising: true } }, source: 'banner' } });
    await parts.record([parts.request('anon-2', 'k-anon-2')]);
    await merge.execute({ links: [link('user-1', 'user-2')] });
    await merge.execute({ links: [link('anon-2', 'user-1')] });
    expect((await consents('user-2')).hook?.advertising?.granted).toBe(true);
    expect(await consents('user-1')).toEqual({});
    expect((await parts.intents('user-2')).map((i: { idempotency_key: string }) => i.idempotency_key)).toEqual(['k-anon-2']);
  });
});
