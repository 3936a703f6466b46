import { UserErasure } from '@cairn/contracts';
import { waitFor } from '@cairn/testing';
import { ConsentRepository } from '../../consents/consent.repository';
import { HandleMessageRequestsUseCase } from '../../sending/handle-message-requests/handle-message-requests.usecase';
import { MessagingParts, Row } from '../../testing/messaging-parts';
import { ExportUserUseCase } from '../export-user/export-user.usecase';
import { MergeIdentitiesUseCase } from '../merge-identities/merge-identities.usecase';
import { EraseUserUseCase } from './erase-user.usecase';

describe('EraseUserUseCase', () => {
  let parts: MessagingParts;
  let handle: HandleMessageRequestsUseCase;
  let erase: EraseUserUseCase;

  beforeAll(async () => {
    parts = await MessagingParts.start();
    handle = new HandleMessageRequestsUseCase(
      parts.dataSource,
      parts.clock,
      parts.config,
      parts.logger,
      parts.outbox,
      parts.content,
      parts.decider,
      parts.sends,
    );
    erase = new EraseUserUseCase(parts.dataSource, parts.clock, parts.outbox);
    await parts.sendable(['mina', 'other']);
  });

  afterAll(() => parts?.stop());

  const erasure = (ids: string[], suppress = false): UserErasure => ({
    v: 1,
    workspaceId: 'dev',
    erasureId: `e-${ids[0]}-${suppress}`,
    userId: ids[0],
    ids,
    requestedAt: parts.clock.now().toISOString(),
    suppress,
  });

  it("removes the person's sends, consents and merges under every id, exports nothing after, and drops requests made for the erased person", async () => {
    await new MergeIdentitiesUseCase(parts.dataSource, parts.outbox).execute({
      links: [{ v: 1, workspaceId: 'dev', previousId: 'anon-mina', userId: 'mina', linkedAt: parts.clock.now().toISOString() }],
    });
    await handle.execute({ requests: [parts.request('mina', 'k-mina-1'), parts.request('other', 'k-other-1')] });
    await waitFor(async () => (await parts.intents('mina'))[0]?.status === 'SENT', { what: "mina's send" });
    const exporter = new ExportUserUseCase(parts.dataSource);
    expect((await exporter.execute({ workspaceId: 'dev', userId: 'anon-mina' })).ids.sort()).toEqual(['anon-mina', 'mina']);

    parts.clock.advance(1000);
    const request = erasure(['mina']);
    await erase.execute({ erasures: [request] });
    expect(await parts.intents('mina')).toEqual([]);
    expect(await new ConsentRepository(parts.dataSource.manager).load('dev', 'mina')).toEqual({});
    expect(await parts.dataSource.query(`SELECT 1 FROM messaging.identity_links WHERE previous_id = 'anon-mina'`)).toEqual([]);
    expect(await exporter.execute({ workspaceId: 'dev', userId: 'mina' })).toEqual({
      service: 'messaging',
      userId: 'mina',
      ids: ['mina'],
      consents: {},
      consentHistory: [],
      messages: [],
    });
    expect((await parts.intents('other')).map((i: Row) => i.status)).toEqual(['SENT']);

    // A request made for the erased person (no personSince: its run began before the erasure) is dropped;
    // one for the person re-created since goes on.
    await handle.execute({
      requests: [parts.request('mina', 'k-mina-late'), parts.request('mina', 'k-mina-new', { personSince: request.requestedAt, category: 'transactional' })],
    });
    await waitFor(async () => (await parts.intents('mina')).length === 1, { what: "the new person's intent" });
    expect((await parts.intents('mina')).map((i: Row) => i.idempotency_key)).toEqual(['k-mina-new']);

    // Handling the same request again changes nothing; its completion stays the first.
    await erase.execute({ erasures: [request] });
    expect((await parts.intents('mina')).map((i: Row) => i.idempotency_key)).toEqual(['k-mina-new']);
  });

  it('drops every request for an id the workspace suppresses', async () => {
    await erase.execute({ erasures: [erasure(['other'], true)] });
    await handle.execute({ requests: [parts.request('other', 'k-other-2', { personSince: parts.clock.now().toISOString(), category: 'transactional' })] });
    expect(await parts.intents('other')).toEqual([]);
  });
});
