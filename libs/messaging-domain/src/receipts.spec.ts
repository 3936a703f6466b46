import { ValidationFailed } from '@cairn/core';
import { receiptRank, suppressesAddress, validateReceipts } from './receipts';

const now = new Date('2026-11-03T03:00:00.000Z');
const id = '0b6f7c1e-2d6a-4f57-9a43-1f0e8a9c7d21';

function fields(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationFailed) return error.fields.map((f) => f.path).sort();
    throw error;
  }
  throw new Error('expected a ValidationFailed');
}

describe('delivery receipts', () => {
  it('take a message by id or idempotency key, a status, a bounce type for BOUNCED and a time (now when absent)', () => {
    expect(
      validateReceipts(
        {
          receipts: [
            { messageId: id, status: 'DELIVERED', at: '2026-11-03T02:59:00Z' },
            { idempotencyKey: 'api:order-1', status: 'BOUNCED', bounce: 'hard' },
          ],
        },
        now,
      ),
    ).toEqual([
      { messageId: id, status: 'DELIVERED', at: new Date('2026-11-03T02:59:00Z') },
      { idempotencyKey: 'api:order-1', status: 'BOUNCED', bounce: 'hard', at: now },
    ]);
  });

  it('name every field at fault', () => {
    expect(
      fields(() =>
        validateReceipts(
          {
            receipts: [
              { status: 'READ' },
              { messageId: 'x', status: 'BOUNCED' },
              { idempotencyKey: 'k', status: 'OPENED', bounce: 'soft', at: '2026-11-03T04:00:00Z' },
              { idempotencyKey: 'k', status: 'CLICKED', url: 'https://x' },
            ],
          },
          now,
        ),
      ),
    ).toEqual([
      'receipts[0].messageId',
      'receipts[0].status',
      'receipts[1].bounce',
      'receipts[1].messageId',
      'receipts[2].at',
      'receipts[2].bounce',
      'receipts[3].url',
    ]);
    expect(fields(() => validateReceipts({ receipts: [] }, now))).toEqual(['receipts']);
    expect(fields(() => validateReceipts([], now))).toEqual(['receipts']);
  });

  it('move a message only forward: soft bounce, delivered, opened, clicked, then a hard bounce or a complaint', () => {
    const order = [
      ['SENT', undefined],
      ['BOUNCED', 'soft'],
      ['DELIVERED', undefined],
      ['OPENED', undefined],
      ['CLICKED', undefined],
      ['BOUNCED', 'hard'],
      ['COMPLAINED', undefined],
    ] as const;
    const ranks = order.map(([status, bounce]) => receiptRank(status, bounce));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(new Set(ranks).size).toBe(ranks.length);
  });

  it('suppress the address on a hard bounce or a complaint only', () => {
    expect(suppressesAddress({ status: 'BOUNCED', bounce: 'hard' })).toBe(true);
    expect(suppressesAddress({ status: 'COMPLAINED' })).toBe(true);
    expect(suppressesAddress({ status: 'BOUNCED', bounce: 'soft' })).toBe(false);
    expect(suppressesAddress({ status: 'OPENED' })).toBe(false);
  });
});
