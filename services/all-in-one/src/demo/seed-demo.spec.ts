import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { describeSeed, seedDemo } from './seed-demo';

/** A stand-in for the four services that answers every request with one status. */
async function upstream(status: number): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: status === 404 ? 'NOT_FOUND' : 'INTERNAL', message: 'nope' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('the demo seed', () => {
  it('reports every step as skipped, without throwing, when the APIs it needs are missing', async () => {
    const { url, server } = await upstream(404);
    try {
      const steps = await seedDemo({ events: url, segments: url, journeys: url, messaging: url }, 'dev-admin-key');
      expect(steps.length).toBe(16);
      expect(new Set(steps.map((s) => s.outcome))).toEqual(new Set(['skipped']));
      expect(describeSeed(steps, 3000)).toContain('skipped   template cart-reminder (en) (no such API here (404 NOT_FOUND nope))');
    } finally {
      server.close();
    }
  });

  it('reports failures with their answer and goes on with the next step', async () => {
    const { url, server } = await upstream(500);
    try {
      const steps = await seedDemo({ events: url, segments: url, journeys: url, messaging: url }, 'dev-admin-key');
      expect(steps.filter((s) => s.outcome === 'failed')).toHaveLength(16);
      expect(steps[0]).toEqual({ what: 'lifecycle segments', outcome: 'failed', detail: '500 INTERNAL nope' });
    } finally {
      server.close();
    }
  });

  it('reports a step as failed when a service does not answer at all', async () => {
    const steps = await seedDemo(
      { events: 'http://127.0.0.1:1', segments: 'http://127.0.0.1:1', journeys: 'http://127.0.0.1:1', messaging: 'http://127.0.0.1:1' },
      'k',
    );
    expect(steps.map((s) => s.outcome)).toEqual(Array(16).fill('failed'));
  });
});
