import { greeting, JourneysParts, OTHER, sendStep } from '../../testing/journeys-parts';
import { GetJourneyUseCase } from '../get-journey/get-journey.usecase';
import { SaveJourneyUseCase } from './save-journey.usecase';

describe('SaveJourneyUseCase', () => {
  let parts: JourneysParts;
  let save: SaveJourneyUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    save = parts.saveJourney;
  });

  afterAll(() => parts?.stop());

  it('creates a draft, then replaces it by id or key while the published version stays', async () => {
    const created = await save.execute({ workspaceId: 'dev', body: greeting('welcome') });
    expect(created).toMatchObject({ key: 'welcome', name: 'welcome', status: 'draft', version: null, definition: { start: 'hi', holdout: 0 } });
    await parts.publishJourney.execute({ workspaceId: 'dev', idOrKey: 'welcome' });

    parts.clock.advance(60_000);
    const byId = await save.execute({ workspaceId: 'dev', idOrKey: created.id, body: { ...greeting('welcome'), name: 'Welcome' } });
    expect(byId).toMatchObject({ id: created.id, name: 'Welcome', status: 'active', version: 1, updatedAt: parts.clock.now().toISOString() });
    const byKey = await save.execute({ workspaceId: 'dev', idOrKey: 'welcome', body: { ...greeting('welcome'), name: 'Welcome again' } });
    expect(byKey).toMatchObject({ id: created.id, name: 'Welcome again', version: 1 });
  });

  it('answers 409 JOURNEY_EXISTS for a key the workspace has; another workspace may use it', async () => {
    await expect(save.execute({ workspaceId: 'dev', body: greeting('welcome') })).rejects.toMatchObject({ status: 409, code: 'JOURNEY_EXISTS' });
    const other = await save.execute({ workspaceId: OTHER.id, body: { ...greeting('welcome'), name: 'Theirs' } });
    expect(other).toMatchObject({ key: 'welcome', name: 'Theirs', status: 'draft' });
    expect(await new GetJourneyUseCase(parts.dataSource).execute({ workspaceId: 'dev', idOrKey: 'welcome' })).toMatchObject({ name: 'Welcome again' });
  });

  it('answers 400 VALIDATION_FAILED naming the field: an invalid body, a changed key, a coupon pool the workspace lacks', async () => {
    await expect(save.execute({ workspaceId: 'dev', body: { ...greeting('broken'), start: 'nowhere' } })).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: [expect.objectContaining({ path: 'start' })],
    });
    await expect(save.execute({ workspaceId: 'dev', idOrKey: 'welcome', body: greeting('renamed') })).rejects.toMatchObject({
      status: 400,
      fields: [{ path: 'key', message: 'must stay "welcome"' }],
    });
    await parts.couponPool('theirs', 'T-', OTHER.id);
    const coupon = { ...greeting('coupon'), steps: { hi: sendStep('coupon', { coupon: { pool: 'theirs' } }) } };
    await expect(save.execute({ workspaceId: 'dev', body: coupon })).rejects.toMatchObject({
      status: 400,
      fields: [expect.objectContaining({ path: 'steps.hi.coupon.pool' })],
    });
    await parts.couponPool('theirs', 'D-');
    expect(await save.execute({ workspaceId: 'dev', body: coupon })).toMatchObject({ key: 'coupon', status: 'draft' });
  });

  it('answers 404 for a journey of another workspace, and leaves it as it was', async () => {
    const mine = await parts.draft(greeting('mine'));
    const theirs = { ...greeting('mine'), name: 'Theirs' };
    await expect(save.execute({ workspaceId: OTHER.id, idOrKey: mine.id, body: theirs })).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    await expect(save.execute({ workspaceId: OTHER.id, idOrKey: 'mine', body: theirs })).rejects.toMatchObject({ status: 404 });
    expect(await new GetJourneyUseCase(parts.dataSource).execute({ workspaceId: 'dev', idOrKey: mine.id })).toEqual(mine);
  });
});
