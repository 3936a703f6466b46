import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { nowUs } from './measure';

export interface Delivery {
  atUs: number;
  body: { userId?: string; idempotencyKey?: string; [k: string]: unknown };
}

/** A loopback webhook receiver standing in for the provider: answers 200 and records each delivery. */
export class WebhookSink {
  readonly deliveries: Delivery[] = [];
  onDelivery?: (d: Delivery) => void;
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const d = { atUs: nowUs(), body: JSON.parse(body || '{}') };
        this.deliveries.push(d);
        this.onDelivery?.(d);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

export const SINK_SECRET = 'bench-webhook-secret-0123456789';
