import { waitFor } from '@cairn/testing';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PARITY_SCENARIOS, type ParityScenario } from './parity/field-scenarios';
import { MessageEntry, WorkspaceApi } from './support/api';
import { cairn, filesFolder } from './support/cairn-cli';
import { replayScenario } from './support/replay';
import { startAllInOne, Stack } from './support/stack';
import { scenarioWorkspace } from './support/workspaces';

// Journeys as code against `npm start`'s process: the simulator reproduces every field scenario with the outcome of the
// running services (both are run and compared), and plan / apply / export round-trip with examples/shop.

const SHOP_SETTINGS = { timezone: 'Asia/Seoul', compliance: 'kr-ad-law', senderName: 'Cairn Shop', optOutText: '무료수신거부 080-000-0000' };
const shopWorkspace = scenarioWorkspace('as-code', SHOP_SETTINGS);
const parityWorkspaces = PARITY_SCENARIOS.map((s) => scenarioWorkspace(s.id, { timezone: 'UTC', compliance: 'none', ...s.workspace }));
const shop = join(__dirname, '..', 'examples', 'shop');

/** What both runs must agree on, per message; a generated coupon code is masked. */
function comparable(
  m: Pick<MessageEntry, 'userId' | 'journey' | 'step' | 'channel' | 'template' | 'category' | 'status' | 'reason' | 'content' | 'deferredUntil'>,
  mask = (t: string) => t,
) {
  const text = typeof m.content?.text === 'string' ? mask(m.content.text) : null;
  return [m.userId, m.journey, m.step, m.channel, m.template, m.category, m.status, m.reason, text, m.deferredUntil].join(' | ');
}

describe('journeys as code, against the all-in-one', () => {
  let stack: Stack;
  const server = () => ({ CAIRN_URL: stack.url('journeys'), CAIRN_ADMIN_KEY: shopWorkspace.adminKey });

  beforeAll(async () => {
    stack = await startAllInOne([shopWorkspace, ...parityWorkspaces]);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  describe.each(PARITY_SCENARIOS.map((s, i): [string, ParityScenario, number] => [s.title, s, i]))('field scenario: %s', (_title, scenario, i) => {
    it('ends with the same messages when simulated and when played through the services', async () => {
      const workspace = parityWorkspaces[i];
      const dir = filesFolder(scenario.files);
      const applied = await cairn(['apply', dir, '--url', stack.url('journeys'), '--admin-key', workspace.adminKey]);
      expect(applied).toMatchObject({ code: 0 });
      const start = Date.now() + 1_500;
      const body: Record<string, unknown> = {
        ...scenario.scenario(start),
        workspace: { timezone: workspace.config.timezone, compliance: workspace.config.compliance },
      };
      const scenarioFile = join(mkdtempSync(join(tmpdir(), 'cairn-scenario-')), 'scenario.json');
      writeFileSync(scenarioFile, JSON.stringify(body));
      const simulated = await cairn(['simulate', dir, '--scenario', scenarioFile, '--format', 'json']);
      expect(simulated.code).toBe(0);
      const expected: MessageEntry[] = JSON.parse(simulated.out).messages;
      const outcome = (list: MessageEntry[]) =>
        [...new Set(list.map((m) => m.userId))].flatMap((u) =>
          list.filter((m) => m.userId === u).map((m) => [u, m.journey, m.status, m.reason ?? ''].join(' ').trim()),
        );
      expect(outcome(expected)).toEqual(scenario.outcome);

      const api = new WorkspaceApi(stack, workspace);
      await replayScenario(api, body);
      const users = [...new Set(expected.map((m) => m.userId)), ...Object.keys((body as { users: object }).users)];
      const settled = async () => {
        const logs = await Promise.all([...new Set(users)].map((u) => api.messages(u)));
        const all = logs.flat();
        return all.length >= expected.length && all.every((m) => !['PENDING', 'SENDING'].includes(m.status)) ? logs : undefined;
      };
      const logs = await waitFor(settled, { timeoutMs: 20_000, intervalMs: 200, what: `${scenario.id}: the services' messages` }).catch(() => undefined);
      const actual = (logs ?? (await Promise.all([...new Set(users)].map((u) => api.messages(u))))).flat();
      // Per user; messages of one moment may come in either order (two journeys entered by one change), so each user's are sorted.
      const byUser = (list: MessageEntry[]) =>
        [...new Set(users)].flatMap((u) =>
          list
            .filter((m) => m.userId === u)
            .map((m) => comparable(m, scenario.mask))
            .sort(),
        );
      expect(byUser(actual)).toEqual(byUser(expected));
    }, 90_000);
  });

  it('applies examples/shop, then finds nothing more to apply, and exports files that apply back to no change', async () => {
    const first = await cairn(['plan', shop], server());
    expect(first.code).toBe(0);
    expect(first.out).toContain('+ journey cart-abandonment: create and publish version 1');
    expect((await cairn(['apply', shop], server())).out).toContain('Applied: 24 created, 1 updated');
    const again = await cairn(['apply', shop], server());
    expect(again).toMatchObject({ code: 0, out: expect.stringContaining('No changes') });
    expect((await cairn(['plan', shop, '--prune'], server())).out).toContain('No changes: the server matches the files.');

    const exported = mkdtempSync(join(tmpdir(), 'cairn-export-'));
    expect((await cairn(['export', exported], server())).code).toBe(0);
    expect((await cairn(['validate', exported])).code).toBe(0);
    const back = await cairn(['apply', exported, '--prune'], server());
    expect(back).toMatchObject({ code: 0, out: expect.stringContaining('No changes') });
    expect(parse(readFileSync(join(exported, 'journeys', 'welcome-back.yaml'), 'utf8'))).toMatchObject({ key: 'welcome-back', holdout: 0.1 });
  }, 60_000);

  it('simulates a journey on the server as cairn simulate does, and test-sends a step past caps and quiet hours', async () => {
    const scenario = parse(readFileSync(join(shop, '..', 'scenarios', 'cart-abandonment.yaml'), 'utf8'));
    const api = new WorkspaceApi(stack, shopWorkspace);
    const onServer = await api.request<{ messages: MessageEntry[]; runs: unknown[] }>(
      'journeys',
      'POST',
      '/v1/journeys/cart-abandonment/simulate?version=current',
      scenario,
    );
    const local = await cairn(['simulate', shop, '--scenario', join(shop, '..', 'scenarios', 'cart-abandonment.yaml'), '--format', 'json']);
    const localCart = (JSON.parse(local.out).messages as MessageEntry[]).filter((m) => m.journey === 'cart-abandonment');
    expect(onServer.messages).toEqual(localCart);
    expect(onServer.messages.length).toBe(3);

    await api.consent('tester', { kakao: { advertising: true, night: true } });
    for (let i = 0; i < 3; i++) {
      const sent = await api.request<{ idempotencyKey: string }>('journeys', 'POST', '/v1/journeys/cart-abandonment/test-send', {
        step: 'remind',
        userId: 'tester',
      });
      expect(sent.idempotencyKey).toMatch(/^test:/);
    }
    const log = await api.waitForMessages('tester', (m) => m.length === 3, 'the three test sends');
    expect(log.map((m) => [m.journey, m.step, m.status, (m as MessageEntry & { test?: boolean }).test])).toEqual(
      Array(3).fill(['cart-abandonment', 'remind', 'SENT', true]),
    );
    expect(log[0].content.text).toContain('(광고) Cairn Shop');
  }, 60_000);

  it('refuses bad simulate and test-send requests with their codes and fields, never a 5xx', async () => {
    const call = async (path: string, body: unknown) => {
      const response = await fetch(`${stack.url('journeys')}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${shopWorkspace.adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = (await response.json().catch(() => ({}))) as { code?: string; fields?: Array<{ path: string }> };
      return [response.status, answer.code, (answer.fields ?? []).map((f) => f.path).join(',')];
    };
    const start = '2026-03-02T09:00:00+09:00';
    const many = Object.fromEntries(Array.from({ length: 5_001 }, (_, i) => [`u${i}`, {}]));
    expect(await call('/v1/journeys/cart-abandonment/simulate', [])).toEqual([400, 'VALIDATION_FAILED', '']);
    expect(await call('/v1/journeys/cart-abandonment/simulate', { start, until: '+731d' })).toEqual([400, 'VALIDATION_FAILED', 'until']);
    expect(await call('/v1/journeys/cart-abandonment/simulate', { start, events: [{ at: 'soon', userId: 'u', event: 'X' }] })).toEqual([
      400,
      'VALIDATION_FAILED',
      'events[0].at',
    ]);
    expect(await call('/v1/journeys/cart-abandonment/simulate', { start, users: many })).toEqual([400, 'VALIDATION_FAILED', 'users']);
    expect(await call('/v1/journeys/cart-abandonment/simulate?version=abc', { start })).toEqual([400, 'VALIDATION_FAILED', 'version']);
    expect(await call('/v1/journeys/cart-abandonment/simulate?version=99', { start })).toEqual([404, 'NOT_FOUND', '']);
    expect(await call('/v1/journeys/nope/simulate', { start })).toEqual([404, 'NOT_FOUND', '']);
    expect(await call('/v1/journeys/cart-abandonment/test-send', { step: 'wait-for-order', userId: 'tester' })).toEqual([400, 'VALIDATION_FAILED', 'step']);
    expect(await call('/v1/journeys/cart-abandonment/test-send', { step: 'remind', entry: 'x' })).toEqual([400, 'VALIDATION_FAILED', 'userId,entry']);
    expect(await call('/v1/journeys/nope/test-send', { step: 'remind', userId: 'tester' })).toEqual([404, 'NOT_FOUND', '']);
  }, 60_000);

  it('plans and applies an edit, a new version and a deletion', async () => {
    const edited = mkdtempSync(join(tmpdir(), 'cairn-edit-'));
    expect((await cairn(['export', edited], server())).code).toBe(0);
    const file = join(edited, 'templates', 'cart-reminder.en.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Still thinking it over?', 'Forgot something?'));
    const journey = join(edited, 'journeys', 'first-order-follow-up.yaml');
    writeFileSync(journey, readFileSync(journey, 'utf8').replace('duration: 1d', 'duration: 2d'));
    rmSync(join(edited, 'journeys', 'restock-notice.yaml'));
    const planned = await cairn(['plan', edited, '--prune'], server());
    expect(planned.out).toContain('~ template cart-reminder (en): update');
    expect(planned.out).toContain('~ content.text: "Still thinking it over?');
    expect(planned.out).toContain('~ journey first-order-follow-up: update the draft, and publish version 2');
    expect(planned.out).toContain('- journey restock-notice: delete');
    expect((await cairn(['plan', edited], server())).out).toContain('! journey restock-notice: kept on the server only; --prune deletes it');
    expect((await cairn(['apply', edited, '--prune'], server())).code).toBe(0);
    expect((await cairn(['plan', edited, '--prune'], server())).out).toContain('No changes');
    const api = new WorkspaceApi(stack, shopWorkspace);
    expect(await api.request('journeys', 'GET', '/v1/journeys/first-order-follow-up')).toMatchObject({ version: 2 });
  }, 60_000);
});
