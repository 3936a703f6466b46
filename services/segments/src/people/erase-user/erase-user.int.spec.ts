import type { UserErasure } from '@cairn/contracts';
import { ErasureLedger } from '@cairn/db';
import { randomUUID } from 'node:crypto';
import { SegmentsParts } from '../../testing/segments-parts';
import { EraseUserUseCase } from './erase-user.usecase';

describe('EraseUserUseCase', () => {
  let parts: SegmentsParts;
  let eraseUser: EraseUserUseCase;
  const VIEWERS = { key: 'viewers', name: 'Viewers', condition: { event: 'Product Viewed', count: { min: 1 } } };
  const erasure = (userId: string, ids: string[], workspaceId = 'dev'): UserErasure => ({
    v: 1,
    workspaceId,
    erasureId: randomUUID(),
    userId,
    ids,
    requestedAt: parts.clock.now().toISOString(),
    suppress: false,
  });
  const ledger = (workspaceId: string, id: string) => new ErasureLedger(parts.dataSource.manager, 'segments').find(workspaceId, id);

  beforeAll(async () => {
    parts = await SegmentsParts.start();
    eraseUser = new EraseUserUseCase(parts.dataSource, parts.clock, parts.outbox);
    await parts.define(VIEWERS);
    await parts.define(VIEWERS, 'acme');
  });

  afterAll(() => parts?.stop());

  it('removes what segments holds for every id of the person, with the ids it merged itself, and records completion', async () => {
    await parts.ingest(parts.anonymous(parts.track('anon', 'Product Viewed')));
    await parts.ingest(parts.identify('user', { email: 'user@example.com' }, { anonymousId: 'anon' }));
    await parts.ingest(parts.track('user', 'Product Viewed', {}, { workspaceId: 'acme' }));
    const request = erasure('user', ['user']);
    parts.clock.advance(1000);

    await eraseUser.execute({ erasures: [request] });
    expect(await parts.users.readState('dev', 'user')).toBeUndefined();
    expect(await parts.memberOf('user')).toEqual([]);
    for (const id of ['user', 'anon']) {
      expect(await ledger('dev', id)).toEqual({
        erasureId: request.erasureId,
        erasedAt: Date.parse(request.requestedAt),
        suppress: false,
        completedAt: parts.clock.now().getTime(),
      });
    }
    expect(await parts.memberOf('user', 'acme')).toEqual(['viewers']);
    expect(await ledger('acme', 'user')).toBeUndefined();
  });

  it('handles the same request again without change, keeping its first completion', async () => {
    const request = erasure('kim', ['kim']);
    await parts.ingest(parts.track('kim', 'Product Viewed'));
    await eraseUser.execute({ erasures: [request] });
    const first = await ledger('dev', 'kim');
    parts.clock.advance(60_000);
    await parts.ingest(parts.track('kim', 'Product Viewed'));
    await eraseUser.execute({ erasures: [request] });
    // A redelivery is dropped: the new person's state (an event after the erasure) stays.
    expect(await ledger('dev', 'kim')).toEqual(first);
    expect((await parts.users.readState('dev', 'kim'))!.events).toHaveLength(1);
  });
});
