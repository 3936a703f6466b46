import { checkResources, type Resource } from '@cairn/simulator';
import { validateJourney, type JourneyDefinition } from '@cairn/journeys-domain';
import type { RemoteState } from '../remote/read-remote';
import { templateId } from '../remote/read-remote';
import { buildPlan, type PlanItem } from './build-plan';
import { formatPlan } from './plan-text';

const anything = { segmentExists: () => true, templateExists: () => true, channelExists: () => true, couponPoolExists: () => true };
const journeyBody = {
  key: 'hello',
  name: 'Hello',
  entry: { event: 'Signed Up' },
  start: 'send',
  steps: { send: { type: 'send', channel: 'hook', template: 'hello', category: 'promotional', next: null } },
};
const files: Resource[] = [
  {
    kind: 'channel',
    source: 'channels/hook.yaml',
    body: { key: 'hook', type: 'webhook', config: { url: 'https://hooks.example/${HOOK_PATH}', secret: '${HOOK_SECRET}' } },
  },
  { kind: 'template', source: 'templates/hello.yaml', body: { key: 'hello', channel: 'kakao', content: { text: 'hi' } } },
  { kind: 'template', source: 'templates/hello.en.yaml', body: { key: 'hello', locale: 'en', channel: 'kakao', content: { text: 'hello' } } },
  { kind: 'couponPool', source: 'coupon-pools/codes.yaml', key: 'codes', body: { mode: 'list', codes: ['A', 'B', 'C'] } },
  { kind: 'segment', source: 'segments/fans.yaml', body: { key: 'fans', name: 'Fans', condition: { segment: 'viewers' } } },
  {
    kind: 'segment',
    source: 'segments/viewers.yaml',
    body: { key: 'viewers', name: 'Viewers', condition: { event: 'Product Viewed', where: { productId: 'P-1' } } },
  },
  { kind: 'frequencyPolicy', source: 'frequency-policy.yaml', body: { rules: [{ scope: 'all', limit: 2, window: '24h' }] } },
  { kind: 'journey', source: 'journeys/hello.yaml', body: journeyBody },
];
const { prepared } = checkResources(files);
const env = { HOOK_PATH: 'in', HOOK_SECRET: 's3cret-s3cret-s3cret' };

function emptyRemote(): RemoteState {
  return {
    segments: new Map(),
    journeys: new Map(),
    templates: new Map(),
    channels: new Map(),
    couponPools: new Map(),
    couponPoolsListed: true,
    policy: { rules: [], whenCapped: 'drop', compliance: 'none' },
  };
}

/** The server after the files were applied, as its GETs answer. */
function appliedRemote(): RemoteState {
  const published = validateJourney(journeyBody, anything);
  return {
    segments: new Map(prepared.segments.map((s) => [s.key, s])),
    journeys: new Map([['hello', { key: 'hello', status: 'active', version: 1, draft: published, published }]]),
    templates: new Map(prepared.templates.map((t) => [templateId(t.key, t.locale), { ...t }])),
    channels: new Map([['hook', { key: 'hook', type: 'webhook', config: { url: 'https://hooks.example/in' }, writeOnly: { 'config.secret': 'set' } }]]),
    couponPools: new Map([['codes', { key: 'codes', mode: 'list', prefix: '', length: 10, available: 2, assigned: 1 }]]),
    couponPoolsListed: true,
    policy: { rules: [{ scope: 'all', limit: 2, window: '24h', categories: ['promotional'] }], whenCapped: 'drop', compliance: 'none' },
  };
}

const plan = (remote: RemoteState, options: Partial<{ prune: boolean; writeSecrets: boolean }> = {}) =>
  buildPlan(prepared, files, remote, { prune: false, writeSecrets: false, env, ...options });
const actions = (items: PlanItem[]) => items.map((i) => `${i.action} ${i.label}`);

describe('buildPlan', () => {
  it('creates everything on an empty server, what is referenced first, and publishes the journey', () => {
    const items = plan(emptyRemote());
    expect(actions(items)).toEqual([
      'create channel hook',
      'create template hello',
      'create template hello (en)',
      'create coupon pool codes',
      'create segment viewers',
      'create segment fans',
      'update frequency policy',
      'create journey hello',
    ]);
    expect(items.at(-1)!.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /v1/journeys', 'POST /v1/journeys/hello/publish']);
  });

  it('finds nothing to do once the server holds the files (normalised: shorthands, defaults and secrets it cannot show)', () => {
    const items = plan(appliedRemote());
    expect(items.every((i) => i.action === 'unchanged')).toBe(true);
    expect(formatPlan(items, 'http://cairn')).toContain('No changes: the server matches the files.');
  });

  it('shows field changes, a draft to publish, secrets the server lacks and what only the server has', () => {
    const remote = appliedRemote();
    remote.templates.set(templateId('hello', 'en'), { key: 'hello', locale: 'en', channel: 'kakao', content: { text: 'hey' } });
    const changedDraft: JourneyDefinition = { ...remote.journeys.get('hello')!.draft, name: 'Old' };
    remote.journeys.set('hello', { ...remote.journeys.get('hello')!, version: 2, published: changedDraft });
    remote.channels.set('hook', { ...remote.channels.get('hook')!, writeOnly: { 'config.secret': 'unset' } });
    remote.couponPools.set('codes', { key: 'codes', mode: 'list', prefix: '', length: 10, available: 0, assigned: 1 });
    remote.segments.set('legacy', { key: 'legacy', name: 'Legacy', condition: { trait: 'x', op: 'exists' } });
    const items = plan(remote);
    const changed = items.filter((i) => i.action !== 'unchanged').map((i) => [i.action, i.label, i.diff]);
    expect(changed).toEqual([
      ['update', 'channel hook', ['+ config.secret: (a secret the server does not hold)']],
      ['update', 'template hello (en)', ['~ content.text: "hey" → "hello"']],
      ['update', 'coupon pool codes', ['+ codes: 3 in the file, 1 on the server']],
      ['publish', 'journey hello', ['~ name: "Old" → "Hello"']],
      ['kept', 'segment legacy', []],
    ]);
    expect(items.find((i) => i.label === 'journey hello')?.note).toBe('version 3 (the draft on the server already matches the file)');
    expect(actions(plan(remote, { prune: true })).at(-1)).toBe('delete segment legacy');
    const text = formatPlan(items, 'http://cairn');
    expect(text).toContain('  ~ template hello (en): update  (templates/hello.en.yaml)\n      ~ content.text: "hey" → "hello"\n');
    expect(text).toContain('  ! segment legacy: kept on the server only; --prune deletes it\n');
    expect(text).toContain('Plan: 0 to create, 3 to update, 1 to publish, 0 to delete, 4 unchanged, 1 only on the server.');
  });

  it('sends channels with secrets again only when asked to', () => {
    expect(actions(plan(appliedRemote(), { writeSecrets: true })).filter((a) => !a.startsWith('unchanged'))).toEqual(['update channel hook']);
  });
});
