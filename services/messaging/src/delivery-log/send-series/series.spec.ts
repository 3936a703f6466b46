import { bucketStart, fillSeries, seriesProblem, zeroCounts } from './series';

const H = 3_600_000;

describe('send series buckets', () => {
  it('aligns buckets on the epoch and fills every bucket of the window, empty ones with zeros', () => {
    const from = Date.UTC(2026, 0, 1, 9, 30);
    const to = Date.UTC(2026, 0, 1, 12, 10);
    const points = fillSeries(from, to, H, [
      { at: new Date(Date.UTC(2026, 0, 1, 9)), status: 'SENT', n: 2 },
      { at: '2026-01-01T11:00:00.000Z', status: 'SUPPRESSED', n: 1 },
      { at: '2026-01-01T11:00:00.000Z', status: 'SENT', n: 4 },
    ]);
    expect(points.map((p) => p.at)).toEqual(['2026-01-01T09:00:00.000Z', '2026-01-01T10:00:00.000Z', '2026-01-01T11:00:00.000Z', '2026-01-01T12:00:00.000Z']);
    expect(points[0].counts).toEqual({ ...zeroCounts(), SENT: 2 });
    expect(points[1].counts).toEqual(zeroCounts());
    expect(points[2].counts).toEqual({ ...zeroCounts(), SENT: 4, SUPPRESSED: 1 });
  });

  it('ignores rows outside the buckets and unknown statuses', () => {
    const points = fillSeries(0, H - 1, H, [
      { at: new Date(5 * H), status: 'SENT', n: 1 },
      { at: new Date(0), status: 'LOST', n: 3 },
    ]);
    expect(points).toEqual([{ at: new Date(0).toISOString(), counts: zeroCounts() }]);
  });

  it('counts a message a delivery receipt moved on (DELIVERED, BOUNCED, OPENED, CLICKED, COMPLAINED) as sent', () => {
    const rows = ['DELIVERED', 'BOUNCED', 'OPENED', 'CLICKED', 'COMPLAINED'].map((status) => ({ at: new Date(0), status, n: 1 }));
    expect(fillSeries(0, H - 1, H, rows)[0].counts).toEqual({ ...zeroCounts(), SENT: 5 });
  });

  it('bounds the window and the number of buckets, naming the field', () => {
    expect(bucketStart(H + 5, H)).toBe(H);
    expect(seriesProblem(24 * H, H)).toBeUndefined();
    expect(seriesProblem(91 * 24 * H, 24 * H)?.path).toBe('window');
    expect(seriesProblem(24 * H, 1_000)?.path).toBe('bucket');
    expect(seriesProblem(H, 2 * H)?.path).toBe('bucket');
    expect(seriesProblem(90 * 24 * H, 60_000)).toEqual({ path: 'bucket', message: expect.stringContaining('more than 1000 buckets') });
  });
});
