import { MessagingParts } from '../../testing/messaging-parts';
import { decodeCursor } from './log-cursor';
import { SearchMessagesCommand } from './search-messages.command';
import { SearchMessagesUseCase } from './search-messages.usecase';

describe('SearchMessagesUseCase', () => {
  let parts: MessagingParts;
  let search: SearchMessagesUseCase;

  const journey = (key: string) => ({ key, version: 1, runId: `run-${key}`, step: 'send' });

  beforeAll(async () => {
    parts = await MessagingParts.start();
    search = new SearchMessagesUseCase(parts.dataSource);
    const [welcome] = await parts.record([parts.request('u-1', 'k1', { journey: journey('welcome') })]);
    await parts.decided(welcome, { status: 'SENT', sentAt: parts.clock.now() });
    parts.clock.advance(60_000);
    const [cart] = await parts.record([parts.request('u-2', 'k2', { journey: journey('cart') })]);
    await parts.decided(cart, { status: 'SUPPRESSED', reason: 'no_consent' });
    parts.clock.advance(60_000);
    const [sms] = await parts.record([parts.request('u-3', 'k3', { journey: journey('cart'), channel: 'sms' })]);
    await parts.decided(sms, { status: 'FAILED', reason: 'provider_error' });
    parts.clock.advance(60_000);
    // Two requested together: the same creation time, ordered by their sequence.
    await parts.record([
      parts.request('u-1', 'k4', { journey: undefined, context: { user: { name: 'u-1' }, test: true } }),
      parts.request('u-4', 'k5', { journey: undefined }),
    ]);
    await parts.record([parts.request('u-1', 'k6', { workspaceId: 'other' })], 'other');
  });

  afterAll(() => parts?.stop());

  const keys = async (command: Partial<SearchMessagesCommand>) =>
    (await search.execute({ workspaceId: 'dev', limit: 50, ...command })).messages.map((m) => m.idempotencyKey);

  it('answers the log newest first as entries, filtered by user, journey, status, reason and channel', async () => {
    const { messages, next } = await search.execute({ workspaceId: 'dev', limit: 50 });
    expect(messages.map((m) => m.idempotencyKey)).toEqual(['k5', 'k4', 'k3', 'k2', 'k1']);
    expect(next).toBeNull();
    expect(messages[3]).toEqual({
      id: expect.any(String),
      userId: 'u-2',
      idempotencyKey: 'k2',
      journey: 'cart',
      journeyVersion: 1,
      runId: 'run-cart',
      step: 'send',
      channel: 'hook',
      template: 'promo',
      category: 'promotional',
      status: 'SUPPRESSED',
      reason: 'no_consent',
      content: { json: { text: 'Hi u-2' } },
      createdAt: '2026-03-02T03:01:00.000Z',
      sentAt: null,
      deferredUntil: null,
      test: false,
    });
    expect(messages.map((m) => [m.idempotencyKey, m.test])).toContainEqual(['k4', true]);
    expect(messages[4]).toMatchObject({ status: 'SENT', sentAt: '2026-03-02T03:00:00.000Z' });

    expect(await keys({ userId: 'u-1' })).toEqual(['k4', 'k1']);
    expect(await keys({ journey: 'cart' })).toEqual(['k3', 'k2']);
    expect(await keys({ journey: 'cart', status: 'SUPPRESSED' })).toEqual(['k2']);
    expect(await keys({ reason: 'provider_error' })).toEqual(['k3']);
    expect(await keys({ channel: 'sms' })).toEqual(['k3']);
    expect(await keys({ status: 'PENDING', channel: 'hook' })).toEqual(['k5', 'k4']);
    expect(await keys({ channel: 'nowhere' })).toEqual([]);
  });

  it('pages with the `next` cursor of the previous page, through entries created at the same time, until next is null', async () => {
    const seen: string[] = [];
    let before: SearchMessagesCommand['before'];
    const pages: number[] = [];
    for (;;) {
      const page = await search.execute({ workspaceId: 'dev', limit: 2, before });
      seen.push(...page.messages.map((m) => m.idempotencyKey));
      pages.push(page.messages.length);
      if (page.next === null) break;
      before = decodeCursor(page.next);
      expect(before).toBeDefined();
    }
    expect(pages).toEqual([2, 2, 1]);
    expect(seen).toEqual(['k5', 'k4', 'k3', 'k2', 'k1']);
  });

  it("answers only the caller's workspace", async () => {
    expect(await keys({ userId: 'u-1' })).not.toContain('k6');
    expect((await search.execute({ workspaceId: 'other', limit: 50 })).messages.map((m) => [m.idempotencyKey, m.userId])).toEqual([['k6', 'u-1']]);
    expect(await search.execute({ workspaceId: 'nowhere', limit: 50 })).toEqual({ messages: [], next: null });
  });
});
