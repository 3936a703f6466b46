import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A stand-in for the segments service's members and profile endpoints, for
 * messaging's own tests (the end-to-end tests run the real one): segments by
 * key with members in user id order, paged like the real endpoint, each
 * member with traits; every call must carry `adminKey`. `calls` records the
 * paths asked; `failing` makes every call answer 503.
 */
export class SegmentsStub {
  readonly segments = new Map<string, Array<{ userId: string; traits: Record<string, unknown> }>>();
  readonly profiles = new Map<string, Record<string, unknown>>();
  readonly calls: string[] = [];
  failing = false;
  url = '';
  private server?: Server;

  constructor(private readonly adminKey = 'dev-admin-key') {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://stub');
      this.calls.push(url.pathname + url.search);
      const answer = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.headers.authorization !== `Bearer ${this.adminKey}`) return answer(401, { code: 'UNAUTHORIZED' });
      if (this.failing) return answer(503, { code: 'UNAVAILABLE' });
      const members = /^\/v1\/segments\/([^/]+)\/members$/.exec(url.pathname);
      if (members) return this.page(decodeURIComponent(members[1]), url.searchParams, answer);
      const profile = /^\/v1\/users\/([^/]+)\/profile$/.exec(url.pathname);
      const traits = profile && this.profiles.get(decodeURIComponent(profile[1]));
      if (traits) return answer(200, { userId: decodeURIComponent(profile![1]), traits });
      answer(404, { code: 'NOT_FOUND' });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private page(key: string, query: URLSearchParams, answer: (status: number, body: unknown) => void): void {
    const all = this.segments.get(key);
    if (!all) return answer(404, { code: 'NOT_FOUND' });
    const limit = Number(query.get('limit') ?? 100);
    const after = query.get('after') ?? '';
    const rest = [...all].sort((a, b) => (a.userId < b.userId ? -1 : 1)).filter((m) => m.userId > after);
    const page = rest.slice(0, limit);
    const withTraits = query.get('traits') === 'true';
    answer(200, {
      segment: { id: key, key },
      members: page.map((m) => ({ userId: m.userId, enteredAt: '2026-01-01T00:00:00.000Z', ...(withTraits ? { traits: m.traits } : {}) })),
      next: rest.length > limit ? page[page.length - 1].userId : null,
    });
  }
}
