import { END, ENTRY, layoutGraph, NODE } from './layout';

const cart = [
  {
    id: 'wait-for-order',
    next: [
      { to: null, on: 'event' },
      { to: 'remind', on: 'timeout' },
    ],
  },
  { id: 'remind', next: [{ to: null, on: 'next' }] },
];

describe('journey graph layout', () => {
  it('puts the entry on top, each step a row below the first step leading to it, the end at the bottom', () => {
    const g = layoutGraph('wait-for-order', cart);
    const y = Object.fromEntries(g.nodes.map((n) => [n.id, n.y]));
    expect(y[ENTRY]).toBeLessThan(y['wait-for-order']);
    expect(y['wait-for-order']).toBeLessThan(y.remind);
    expect(y.remind).toBeLessThan(y[END]);
    expect(g.edges.map((e) => [e.from, e.to, e.on])).toEqual([
      [ENTRY, 'wait-for-order', ''],
      ['wait-for-order', END, 'event'],
      ['wait-for-order', 'remind', 'timeout'],
      ['remind', END, 'next'],
    ]);
    expect(g.edges.every((e) => !e.back)).toBe(true);
    // wait-for-order → end skips the remind row: drawn beside the nodes, not through remind.
    const skip = g.edges.find((e) => e.from === 'wait-for-order' && e.to === END)!;
    expect(skip.skip).toBe(true);
    expect(Math.max(...skip.points.map(([x]) => x))).toBeLessThanOrEqual(g.nodes.find((n) => n.id === 'remind')!.x);
    for (const n of g.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.x + NODE.width).toBeLessThanOrEqual(g.width);
      expect(n.y + NODE.height).toBeLessThanOrEqual(g.height);
    }
  });

  it('centres branches side by side and routes a loop back around the nodes', () => {
    const g = layoutGraph('check', [
      {
        id: 'check',
        next: [
          { to: 'a', on: 'then' },
          { to: 'wait', on: 'else' },
        ],
      },
      { id: 'a', next: [{ to: null, on: 'next' }] },
      { id: 'wait', next: [{ to: 'check', on: 'next' }] },
    ]);
    const a = g.nodes.find((n) => n.id === 'a')!;
    const wait = g.nodes.find((n) => n.id === 'wait')!;
    expect(a.y).toBe(wait.y);
    expect(a.x).not.toBe(wait.x);
    const loop = g.edges.find((e) => e.from === 'wait' && e.to === 'check')!;
    expect(loop.back).toBe(true);
    expect(loop.points).toHaveLength(4);
  });

  it('still places steps no path reaches', () => {
    const g = layoutGraph('a', [
      { id: 'a', next: [{ to: null, on: 'next' }] },
      { id: 'orphan', next: [] },
    ]);
    expect(g.nodes.map((n) => n.id).sort()).toEqual([END, ENTRY, 'a', 'orphan'].sort());
  });
});
