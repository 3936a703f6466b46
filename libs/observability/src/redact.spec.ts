import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { redactDeep, redactString } from './redact';
import { runInTrace } from './trace';

describe('log redaction', () => {
  it.each([
    ['mail minji.kim@example.co.kr now', 'mail [email] now'],
    ['call 010-1234-5678', 'call [phone]'],
    ['call 01012345678', 'call [phone]'],
    ['intl +82 10 1234 5678', 'intl [phone]'],
    ['order P-100 x 3 at 39000 KRW', 'order P-100 x 3 at 39000 KRW'],
    ['run 3f1c2a9e-6b1f-4c5d-9e0a-1b2c3d4e5f60', 'run 3f1c2a9e-6b1f-4c5d-9e0a-1b2c3d4e5f60'],
  ])('scrubs %p', (input, output) => {
    expect(redactString(input)).toBe(output);
  });

  it('scrubs nested fields and errors', () => {
    expect(redactDeep({ user: { email: 'a@b.io', tags: ['010-1111-2222'] }, err: new Error('bad a@b.io') })).toEqual({
      user: { email: '[email]', tags: ['[phone]'] },
      err: { name: 'Error', message: 'bad [email]' },
    });
  });

  it('writes JSON lines without the raw values and with the trace id', () => {
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) });
    const logger = createLogger({ level: 'info', service: 'test', destination });
    runInTrace('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', () => logger.info({ email: 'x@y.com' }, 'sent to x@y.com'));
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ email: '[email]', msg: 'sent to [email]', service: 'test', level: 'info' });
    expect(line.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(lines[0]).not.toContain('x@y.com');
  });
});
