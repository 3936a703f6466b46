import { simpleParser, ParsedMail } from 'mailparser';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One call a provider received. */
export interface ProviderCall {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Providers on loopback for the end-to-end tests: an HTTP gateway (webhooks,
 * SMS and Kakao gateways; each path answers `answers[path]`, default 200
 * `{}`) and an SMTP relay whose messages are parsed back (mailparser).
 */
export class Providers {
  readonly calls: ProviderCall[] = [];
  readonly mails: ParsedMail[] = [];
  readonly answers: Record<string, { status: number; body: string }> = {};
  httpPort = 0;
  smtpPort = 0;
  private http?: Server;
  private smtp?: SMTPServer;

  async start(): Promise<void> {
    this.http = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.calls.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const answer = this.answers[req.url ?? ''] ?? { status: 200, body: '{}' };
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => this.http!.listen(0, '127.0.0.1', resolve));
    this.httpPort = (this.http.address() as AddressInfo).port;
    this.smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      logger: false,
      onData: (stream, _session, done) => {
        simpleParser(stream).then(
          (mail) => {
            this.mails.push(mail);
            done();
          },
          (error: Error) => done(error),
        );
      },
    });
    await new Promise<void>((resolve) => this.smtp!.listen(0, '127.0.0.1', resolve));
    this.smtpPort = (this.smtp.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.http?.close(resolve));
    await new Promise<void>((resolve) => (this.smtp ? this.smtp.close(() => resolve()) : resolve()));
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.httpPort}${path}`;
  }

  callsTo(path: string): ProviderCall[] {
    return this.calls.filter((c) => c.path === path);
  }
}
