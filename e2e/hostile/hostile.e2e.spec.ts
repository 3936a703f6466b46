import { waitFor } from '@cairn/testing';
import { startAllInOne, Stack } from '../support/stack';
import { scenarioWorkspace } from '../support/workspaces';
import { CORPUS } from './corpus';
import { describeExpectation, HostileRequest, meets } from './corpus-types';
import { Answer, send } from './send';

// The corpus of hostile requests (e2e/hostile/corpus-*.ts) against `npm start`'s process, in order:
// no request gets a 5xx, none that must be refused gets a 2xx, each gets its documented status and
// code, and after each the all-in-one is still alive and its four services ready. An entry marked
// `pending` is a known gap another area is fixing: only "no 5xx, still alive" is asserted for it, and
// its actual answer is reported at the end.
const workspace = scenarioWorkspace('hostile');
const other = scenarioWorkspace('hostile-other');
const keys = { writeKey: workspace.writeKey, adminKey: workspace.adminKey, otherAdminKey: other.adminKey };

function summary(entry: HostileRequest, answer: Answer): string {
  return `${entry.method ?? (entry.body === undefined ? 'GET' : 'POST')} ${entry.path.slice(0, 80) || '(raw)'} → ${answer.status} ${answer.code ?? ''} ${answer.fields.join(',')} ${answer.text.slice(0, 200)}`;
}

describe('hostile requests against the all-in-one', () => {
  let stack: Stack;
  const report: string[] = [];

  beforeAll(async () => {
    stack = await startAllInOne([workspace, other]);
  }, 120_000);

  afterAll(async () => {
    if (report.length) process.stdout.write(`[e2e hostile] pending entries (owned by other areas):\n${report.map((r) => `  - ${r}`).join('\n')}\n`);
    await stack?.stop();
  });

  const url = () => stack.url('events');

  async function expectAlive(after: string): Promise<void> {
    const live = await fetch(`${url()}/health/live`).catch((error: Error) => ({ status: `unreachable: ${error.message}` }));
    expect({ after, live: live.status }).toEqual({ after, live: 200 });
    await waitFor(async () => (await fetch(`${url()}/health/ready`)).status === 200, {
      timeoutMs: 15_000,
      intervalMs: 200,
      what: `the four services ready after "${after}"`,
    });
  }

  it('has a corpus of at least 100 requests with unique names', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(100);
    expect(new Set(CORPUS.map((e) => e.name)).size).toBe(CORPUS.length);
  });

  CORPUS.forEach((entry, index) => {
    const title = `${entry.pending ? '[pending] ' : ''}${entry.name} → ${describeExpectation(entry.expect)}`;
    it(
      title,
      async () => {
        const from = entry.from ?? `198.18.${index >> 8}.${index & 255}`;
        let answer: Answer | undefined;
        for (let i = 0; i < (entry.repeat ?? 1); i++) {
          answer = await send(url(), entry, keys, from);
          if (answer.status >= 500) throw new Error(`5xx for "${entry.name}": ${summary(entry, answer)}\n${stack.output().slice(-2000)}`);
        }
        const got = answer!;
        if (entry.raw === undefined)
          expect({ nosniff: got.headers['x-content-type-options'], poweredBy: got.headers['x-powered-by'] }).toEqual({
            nosniff: 'nosniff',
            poweredBy: undefined,
          });
        const ok = meets(entry.expect, got.status, got.code, got.fields);
        if (entry.pending) {
          report.push(
            `${entry.name} [${entry.pending}]: expected ${describeExpectation(entry.expect)}, got ${got.status} ${got.code ?? ''}${ok ? ' (now passes: the pending mark can go)' : ''}`,
          );
        } else if (!ok) {
          throw new Error(`"${entry.name}": expected ${describeExpectation(entry.expect)}, got ${summary(entry, got)}`);
        }
        await expectAlive(entry.name);
      },
      60_000,
    );
  });
});
