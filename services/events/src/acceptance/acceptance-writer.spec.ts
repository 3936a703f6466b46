import { CairnConfig } from '@cairn/config';
import { toErrorResponse } from '@cairn/runtime';
import { DataSource } from 'typeorm';
import { AcceptanceRequest } from './accepted-messages.repository';
import { AcceptanceWriter, IngestOverloaded, MAX_QUEUED_BYTES } from './acceptance-writer';

/** A database that takes statements and answers them only when told (a saturated database). */
function stalledDatabase() {
  const pending: Array<() => void> = [];
  let statements = 0;
  const manager = {
    query: (_sql: string, params: unknown[]) =>
      new Promise((resolve) => {
        statements++;
        const reqs = params[0] as number[];
        pending.push(() => resolve([...new Set(reqs)].map((req) => ({ req, n: reqs.filter((r) => r === req).length }))));
      }),
  };
  return {
    dataSource: { manager } as unknown as DataSource,
    config: { database: { poolSize: 10 } } as CairnConfig,
    release: () => pending.splice(0).forEach((go) => go()),
    statements: () => statements,
  };
}

const MB = 1024 * 1024;
let serial = 0;
const request = (bytes: number): AcceptanceRequest => ({
  workspaceId: 'shop',
  stream: 'events',
  receivedAt: new Date('2026-11-02T10:00:00Z'),
  messages: [{ messageId: `m-${++serial}`, message: { topic: 'cairn.events.v1', key: 'shop:u', value: 'x'.repeat(bytes) } }],
});
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('AcceptanceWriter under a saturated database', () => {
  it('answers 503 OVERLOADED with Retry-After once the waiting requests pass the bound, and accepts again when they drained', async () => {
    const db = stalledDatabase();
    const writer = new AcceptanceWriter(db.dataSource, db.config);
    const accepted: Array<Promise<number>> = [];
    // 8 statements in flight, then requests wait: fill the queue up to its bound
    for (let i = 0; i < 8; i++) {
      accepted.push(writer.accept(request(1)));
      await turn();
    }
    expect(db.statements()).toBe(8);
    for (let i = 0; i < MAX_QUEUED_BYTES / MB; i++) accepted.push(writer.accept(request(MB)));
    const refused = await writer.accept(request(MB)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(IngestOverloaded);
    expect(toErrorResponse(refused)).toEqual([503, { code: 'OVERLOADED', message: expect.any(String) }, { 'Retry-After': '1' }]);
    // the database catches up: everything taken is written, and new requests are taken again
    let settled = false;
    void Promise.all(accepted).then(() => (settled = true));
    for (let i = 0; i < 100 && !settled; i++) {
      db.release();
      await turn();
    }
    await expect(Promise.all(accepted)).resolves.toEqual(accepted.map(() => 1));
    const again = writer.accept(request(MB));
    await turn();
    db.release();
    await expect(again).resolves.toBe(1);
  });
});
