import { DEFAULT_TEMPLATE_LIMITS } from '@cairn/messaging-domain';
import { RenderBusy, RenderPool } from './render-pool';

const user = { user: { name: 'Minji' } };

describe('RenderPool', () => {
  const pool = new RenderPool({ workers: 2 });
  afterAll(() => pool.close());

  it('renders items in worker threads, in item order, and reports failures with their field', async () => {
    const results = await pool.renderMany([
      { content: { text: 'Hi {{ user.name }}' }, context: user },
      { content: { title: 'x', body: '{{ user.nickname }}' }, context: user },
      { content: { text: 'Hi {{ user.nickname }}' }, context: user, lenient: true },
    ]);
    expect(results).toEqual([
      { ok: true, content: { text: 'Hi Minji' } },
      { ok: false, code: 'TEMPLATE_RENDER_FAILED', path: 'content.body', message: expect.stringContaining('undefined variable') },
      { ok: true, content: { text: 'Hi ' } },
    ]);
  });

  it('fails 80 heavy leaves of one content object together with TEMPLATE_BUDGET_EXCEEDED', async () => {
    const heavy = '{% assign r = (1..400) %}{% for i in r %}{% for j in r %}{% endfor %}{% endfor %}';
    const json = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`leaf${i}`, heavy]));
    const [result] = await pool.renderMany([{ content: { json }, context: user }]);
    expect(result).toMatchObject({ ok: false, code: 'TEMPLATE_BUDGET_EXCEEDED' });
  });

  it('stops a worker stuck in one long step at the deadline; the other items of the call and later calls render', async () => {
    // One filter call over five million values does not return to the engine's own check for many seconds.
    const small = new RenderPool({ workers: 1, limits: { ...DEFAULT_TEMPLATE_LIMITS, budgetMs: 100, memoryLimit: 20_000_000 } });
    try {
      const stuck = '{% assign a = (1..5000000) | where_exp: "x", "x < 0" %}{{ a.size }}';
      const results = await small.renderMany([
        { content: { text: 'before {{ user.name }}' }, context: user },
        { content: { text: stuck }, context: user },
        { content: { text: 'after {{ user.name }}' }, context: user },
      ]);
      expect(results).toEqual([
        { ok: true, content: { text: 'before Minji' } },
        { ok: false, code: 'TEMPLATE_BUDGET_EXCEEDED', path: 'content', message: 'rendering takes longer than the 100 ms budget of one message' },
        { ok: true, content: { text: 'after Minji' } },
      ]);
      expect(await small.renderMany([{ content: { text: 'again {{ user.name }}' }, context: user }])).toEqual([{ ok: true, content: { text: 'again Minji' } }]);
    } finally {
      await small.close();
    }
  });

  it('fails a render that exhausts the worker heap alone, and renders the next one', async () => {
    const tight = new RenderPool({ workers: 1, maxHeapMb: 32, limits: { ...DEFAULT_TEMPLATE_LIMITS, budgetMs: 30_000, memoryLimit: 1e12 } });
    try {
      const hog = '{% assign a = (1..50000000) | reverse %}{{ a.size }}';
      const [result] = await tight.renderMany([{ content: { text: hog }, context: user }]);
      expect(result).toMatchObject({ ok: false, code: 'TEMPLATE_RENDER_FAILED', path: 'content' });
      expect(await tight.renderMany([{ content: { text: '{{ user.name }}' }, context: user }])).toEqual([{ ok: true, content: { text: 'Minji' } }]);
    } finally {
      await tight.close();
    }
  });

  it("refuses an API render with RenderBusy (503) when too many renders wait, and queues the consumer's", async () => {
    const busy = new RenderPool({ workers: 1, maxQueued: 2 });
    try {
      const item = { content: { text: '{{ user.name }}' }, context: user };
      await expect(busy.renderMany([item, item, item], true)).rejects.toBeInstanceOf(RenderBusy);
      await expect(busy.renderMany([item, item, item], true)).rejects.toMatchObject({ status: 503, code: 'RENDER_BUSY' });
      expect(await busy.renderMany([item, item, item])).toHaveLength(3);
    } finally {
      await busy.close();
    }
  });
});
