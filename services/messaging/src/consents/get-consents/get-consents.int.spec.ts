import { applyConsentUpdate } from '@cairn/messaging-domain';
import { MessagingParts } from '../../testing/messaging-parts';
import { ConsentRepository } from '../consent.repository';
import { GetConsentsUseCase } from './get-consents.usecase';

describe('GetConsentsUseCase', () => {
  let parts: MessagingParts;
  let getConsents: GetConsentsUseCase;

  beforeAll(async () => {
    parts = await MessagingParts.start();
    getConsents = new GetConsentsUseCase(parts.dataSource);
  });

  afterAll(() => parts?.stop());

  it('answers an unknown user with no consents and no history', async () => {
    expect(await getConsents.execute({ workspaceId: 'dev', userId: 'nobody' })).toEqual({ userId: 'nobody', channels: {}, history: [] });
  });

  it("answers the user's ledger and changes of this workspace only", async () => {
    const now = parts.clock.now();
    const consents = new ConsentRepository(parts.dataSource.manager);
    await consents.save('dev', 'u1', applyConsentUpdate({}, { channels: { sms: { advertising: true } } }, now), now);
    await consents.record('dev', 'u1', [{ channel: 'sms', kind: 'advertising', granted: true, source: 'signup' }], now);
    expect(await getConsents.execute({ workspaceId: 'dev', userId: 'u1' })).toEqual({
      userId: 'u1',
      channels: { sms: { advertising: { granted: true, grantedAt: now } } },
      history: [{ channel: 'sms', kind: 'advertising', granted: true, source: 'signup', at: '2026-03-02T03:00:00.000Z' }],
    });
    expect(await getConsents.execute({ workspaceId: 'other', userId: 'u1' })).toEqual({ userId: 'u1', channels: {}, history: [] });
  });
});
