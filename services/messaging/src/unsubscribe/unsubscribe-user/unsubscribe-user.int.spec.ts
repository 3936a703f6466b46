import { waitFor } from '@cairn/testing';
import { ConsentRepository } from '../../consents/consent.repository';
import { HandleMessageRequestsUseCase } from '../../sending/handle-message-requests/handle-message-requests.usecase';
import { MessagingParts, Row } from '../../testing/messaging-parts';
import { UNSUBSCRIBE_TOKEN_TTL_MS } from '../unsubscribe-token';
import { UnsubscribeUserUseCase } from './unsubscribe-user.usecase';

describe('UnsubscribeUserUseCase', () => {
  let parts: MessagingParts;
  let unsubscribe: UnsubscribeUserUseCase;
  let handle: HandleMessageRequestsUseCase;
  const subject = { workspaceId: 'dev', userId: 'minji', channel: 'hook' };

  beforeAll(async () => {
    parts = await MessagingParts.start();
    unsubscribe = new UnsubscribeUserUseCase(parts.dataSource, parts.clock, parts.config, parts.logger, parts.links);
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
    await parts.sendable(['minji']);
  });

  afterAll(() => parts?.stop());

  it('gives templates the user’s link for the channel as unsubscribe_url, under the address Cairn answers on in development', async () => {
    const now = parts.clock.now();
    await parts.templates.insert(
      'dev',
      { key: 'news', channel: 'log', category: 'promotional', content: { text: 'News. Unsubscribe: {{ unsubscribe_url }}' } },
      now,
    );
    await handle.execute({ requests: [parts.request('minji', 'news-1', { template: 'news' })] });
    await waitFor(async () => (await parts.intents('minji'))[0]?.status === 'SENT', { what: 'the newsletter sent' });
    const text = (parts.provider.sent[0].content as { text: string }).text;
    const url = new URL(/Unsubscribe: (\S+)/.exec(text)![1]);
    expect(`${url.origin}${url.pathname}`).toBe('http://localhost:3004/v1/unsubscribe');
    expect(parts.links.tokens.check(url.searchParams.get('token'), now)).toEqual({ ok: true, subject });
  });

  it('withdraws advertising consent on the channel with source unsubscribe-link; the next promotional message is suppressed', async () => {
    const token = parts.links.tokens.issue(subject, parts.clock.now());
    expect(await unsubscribe.execute({ token })).toMatchObject({ ok: true, subject, alreadyWithdrawn: false });
    const consents = new ConsentRepository(parts.dataSource.manager);
    expect((await consents.load('dev', 'minji')).hook.advertising).toMatchObject({ granted: false, source: 'unsubscribe-link' });
    expect((await consents.history('dev', 'minji'))[0]).toMatchObject({ channel: 'hook', kind: 'advertising', granted: false, source: 'unsubscribe-link' });
    expect(await unsubscribe.execute({ token })).toMatchObject({ ok: true, alreadyWithdrawn: true });
    expect(await consents.history('dev', 'minji')).toHaveLength(1); // one withdrawal, however often the link is clicked

    await handle.execute({ requests: [parts.request('minji', 'promo-after')] });
    await waitFor(async () => (await parts.intents('minji')).some((r: Row) => r.idempotency_key === 'promo-after' && r.status === 'SUPPRESSED'), {
      what: 'the next promotional message suppressed',
    });
    expect((await parts.intents('minji')).find((r: Row) => r.idempotency_key === 'promo-after').reason).toBe('consent_withdrawn');
  });

  it('changes nothing for a forged, altered or expired token', async () => {
    const before = await new ConsentRepository(parts.dataSource.manager).history('dev', 'seoyeon');
    const token = parts.links.tokens.issue({ ...subject, userId: 'seoyeon' }, parts.clock.now());
    expect(await unsubscribe.execute({ token: token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA') })).toEqual({ ok: false, problem: 'invalid' });
    expect(await unsubscribe.execute({ token: ['a', 'b'] })).toEqual({ ok: false, problem: 'invalid' });
    expect(await unsubscribe.execute({ token: undefined })).toEqual({ ok: false, problem: 'invalid' });
    parts.clock.advance(UNSUBSCRIBE_TOKEN_TTL_MS);
    expect(await unsubscribe.execute({ token })).toEqual({ ok: false, problem: 'expired' });
    expect(await new ConsentRepository(parts.dataSource.manager).history('dev', 'seoyeon')).toEqual(before);
  });
});
