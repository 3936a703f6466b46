import { MessagingParts } from '../../testing/messaging-parts';
import { SegmentsStub } from '../../testing/segments-stub';
import { CreateBroadcastUseCase } from './create-broadcast.usecase';

describe('CreateBroadcastUseCase', () => {
  let parts: MessagingParts;
  const segments = new SegmentsStub();
  let create: CreateBroadcastUseCase;
  const body = { key: 'spring', segment: 'newsletter', channel: 'hook', template: 'promo', category: 'promotional' };

  beforeAll(async () => {
    await segments.start();
    parts = await MessagingParts.start();
    create = new CreateBroadcastUseCase(parts.dataSource, parts.clock, parts.credentials, parts.segments);
    await parts.sendable([]);
    await parts.channels.insert('dev', { key: 'mail', type: 'smtp', config: { host: 'smtp.example.com', port: 587, from: 'a@b.c' } }, parts.clock.now());
    segments.segments.set('newsletter', []);
  });

  afterAll(async () => {
    await parts?.stop();
    await segments.stop();
  });

  it('answers 503 SEGMENTS_NOT_CONFIGURED without a segments URL, storing nothing', async () => {
    await expect(create.execute({ workspace: parts.workspace, body })).rejects.toMatchObject({ status: 503, code: 'SEGMENTS_NOT_CONFIGURED' });
    expect(await parts.dataSource.query(`SELECT 1 FROM messaging.broadcasts`)).toEqual([]);
  });

  it('schedules a broadcast at sendAt (now by default) with the segment checked by segments, under the workspace’s admin key', async () => {
    parts.config.services = { segments: segments.url };
    expect(await create.execute({ workspace: parts.workspace, body })).toMatchObject({
      key: 'spring',
      status: 'scheduled',
      sendAt: parts.clock.now().toISOString(),
      holdout: 0,
      ratePerMinute: null,
      progress: { targeted: 0, sent: 0 },
    });
    expect(segments.calls).toEqual(['/v1/segments/newsletter/members?limit=1&traits=true']);
    const later = await create.execute({ workspace: parts.workspace, body: { ...body, key: 'later', sendAt: '2026-03-03T01:00:00Z', ratePerMinute: 60 } });
    expect(later).toMatchObject({ sendAt: '2026-03-03T01:00:00.000Z', ratePerMinute: 60 });
  });

  it('refuses a template the channel cannot carry and a bad body, naming the fields', async () => {
    await expect(create.execute({ workspace: parts.workspace, body: { ...body, key: 'k2', channel: 'mail' } })).rejects.toMatchObject({
      status: 400,
      fields: [{ path: 'template', message: 'is a webhook template; channel "mail" (smtp) takes email' }],
    });
    await expect(create.execute({ workspace: parts.workspace, body: { ...body, holdout: 2 } })).rejects.toMatchObject({
      status: 400,
      fields: [{ path: 'holdout' }],
    });
  });
});
