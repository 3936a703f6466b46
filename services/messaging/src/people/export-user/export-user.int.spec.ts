import { PutConsentsUseCase } from '../../consents/put-consents/put-consents.usecase';
import { MessagingParts } from '../../testing/messaging-parts';
import { MergeIdentitiesUseCase } from '../merge-identities/merge-identities.usecase';
import { ExportUserUseCase } from './export-user.usecase';

describe('ExportUserUseCase', () => {
  let parts: MessagingParts;
  let exportUser: ExportUserUseCase;

  beforeAll(async () => {
    parts = await MessagingParts.start();
    exportUser = new ExportUserUseCase(parts.dataSource);
    const putConsents = new PutConsentsUseCase(parts.dataSource, parts.clock);
    const merge = new MergeIdentitiesUseCase(parts.dataSource, parts.outbox);
    const linkedAt = parts.clock.now().toISOString();

    await putConsents.execute({ workspaceId: 'dev', userId: 'kim', update: { channels: { hook: { advertising: true } }, source: 'signup' } });
    const [sent] = await parts.record([parts.request('kim', 'k-kim')]);
    await parts.decided(sent, { status: 'SENT', sentAt: parts.clock.now() });
    parts.clock.advance(60_000);
    await parts.record([parts.request('anon-kim', 'k-anon')]);
    await merge.execute({ links: [{ v: 1, workspaceId: 'dev', previousId: 'anon-kim', userId: 'kim', linkedAt }] });
    parts.clock.advance(60_000);
    await putConsents.execute({ workspaceId: 'dev', userId: 'kim', update: { channels: { hook: { advertising: false } }, source: 'unsubscribe' } });
    await parts.record([parts.request('lee', 'k-lee')]);

    // Another workspace's person of the same id.
    await putConsents.execute({ workspaceId: 'other', userId: 'kim', update: { channels: { sms: { advertising: true } }, source: 'elsewhere' } });
    await parts.record([parts.request('kim', 'k-other', { workspaceId: 'other' })], 'other');
  });

  afterAll(() => parts?.stop());

  it('exports the person any of their ids names: every id, the consents with their history, and every message, oldest first', async () => {
    const byAnonymous = await exportUser.execute({ workspaceId: 'dev', userId: 'anon-kim' });
    expect(byAnonymous).toEqual(await exportUser.execute({ workspaceId: 'dev', userId: 'kim' }));
    expect(byAnonymous).toMatchObject({ service: 'messaging', userId: 'kim' });
    expect([...byAnonymous.ids].sort()).toEqual(['anon-kim', 'kim']);
    expect(byAnonymous.consents).toMatchObject({ hook: { advertising: { granted: false, source: 'unsubscribe' } } });
    expect(byAnonymous.consentHistory.map((c) => [c.channel, c.kind, c.granted, c.source])).toEqual([
      ['hook', 'advertising', false, 'unsubscribe'],
      ['hook', 'advertising', true, 'signup'],
    ]);
    expect(byAnonymous.messages.map((m) => [m.idempotencyKey, m.userId, m.status])).toEqual([
      ['k-kim', 'kim', 'SENT'],
      ['k-anon', 'kim', 'PENDING'],
    ]);
    expect(byAnonymous.messages[0]).toMatchObject({
      channel: 'hook',
      template: 'promo',
      category: 'promotional',
      context: { user: { name: 'kim' } },
      content: { json: { text: 'Hi kim' } },
      journey: { key: 'welcome', version: 1, runId: 'run-kim', step: 'send' },
    });
  });

  it("exports only the caller's workspace, and an unknown person empty", async () => {
    const other = await exportUser.execute({ workspaceId: 'other', userId: 'kim' });
    expect(other).toMatchObject({ userId: 'kim', ids: ['kim'], consents: { sms: { advertising: { granted: true } } } });
    expect(other.consents).not.toHaveProperty('hook');
    expect(other.consentHistory.map((c) => c.source)).toEqual(['elsewhere']);
    expect(other.messages.map((m) => m.idempotencyKey)).toEqual(['k-other']);

    expect(await exportUser.execute({ workspaceId: 'dev', userId: 'nobody' })).toEqual({
      service: 'messaging',
      userId: 'nobody',
      ids: ['nobody'],
      consents: {},
      consentHistory: [],
      messages: [],
    });
  });
});
