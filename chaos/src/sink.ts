import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface Delivery {
  at: number;
  idempotencyKey: string;
  userId: string;
  template: string;
}

/**
 * A loopback webhook receiver standing in for the providers: records every
 * delivery it answers 200 with its idempotency key, and on command answers 503
 * (a 5xx storm) or holds each request for a while (a slow provider).
 */
export class FaultySink {
  readonly deliveries: Delivery[] = [];
  mode: { kind: 'ok' } | { kind: 'fail' } | { kind: 'slow'; delayMs: number } = { kind: 'ok' };
  refused = 0;
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const mode = this.mode;
        if (mode.kind === 'fail') {
          this.refused++;
          res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"storm"}');
          return;
        }
        const answer = () => {
          const d = JSON.parse(body || '{}') as { idempotencyKey?: string; userId?: string; template?: string };
          this.deliveries.push({ at: Date.now(), idempotencyKey: String(d.idempotencyKey), userId: String(d.userId), template: String(d.template) });
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        };
        if (mode.kind === 'slow') setTimeout(answer, mode.delayMs);
        else answer();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
