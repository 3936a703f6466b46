import { MessagingParts } from '../../testing/messaging-parts';
import { PutConsentsUseCase } from './put-consents.usecase';

describe('PutConsentsUseCase', () => {
  let parts: MessagingParts;
  let putConsents: PutConsentsUseCase;

  beforeAll(async () => {
    parts = await MessagingParts.start();
    putConsents = new PutConsentsUseCase(parts.dataSource, parts.clock);
  });

  afterAll(() => parts?.stop());

  it('grants and withdraws per channel and flag, keeps what the change leaves out, and records every change newest first', async () => {
    await putConsents.execute({
      workspaceId: 'dev',
      userId: 'u1',
      update: { channels: { sms: { advertising: true, night: true }, email: { advertising: true } }, source: 'signup' },
    });
    parts.clock.advance(60_000);
    const view = await putConsents.execute({ workspaceId: 'dev', userId: 'u1', update: { channels: { sms: { night: false } }, source: 'settings' } });
    expect(view.channels).toEqual({
      sms: {
        advertising: { granted: true, grantedAt: new Date('2026-03-02T03:00:00.000Z'), source: 'signup' },
        night: { granted: false, withdrawnAt: new Date('2026-03-02T03:01:00.000Z'), grantedAt: new Date('2026-03-02T03:00:00.000Z'), source: 'settings' },
      },
      email: { advertising: { granted: true, grantedAt: new Date('2026-03-02T03:00:00.000Z'), source: 'signup' } },
    });
    expect(view.history.map((c) => [c.channel, c.kind, c.granted, c.source, c.at])).toEqual([
      ['sms', 'night', false, 'settings', '2026-03-02T03:01:00.000Z'],
      ['email', 'advertising', true, 'signup', '2026-03-02T03:00:00.000Z'],
      ['sms', 'night', true, 'signup', '2026-03-02T03:00:00.000Z'],
      ['sms', 'advertising', true, 'signup', '2026-03-02T03:00:00.000Z'],
    ]);
  });
});
