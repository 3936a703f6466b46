import { checkResources, formatProblem, type Resource } from './resources';
import { channel, journey, onEvent, pool, segment, sendStep, template } from './spec-helpers';

const at = (source: string, r: Resource): Resource => ({ ...r, source });

describe('checkResources', () => {
  it('accepts a consistent folder and normalises it as the services do', () => {
    const { prepared, problems } = checkResources([
      channel(),
      template('hi', 'hi {{ user.name }}'),
      template('hi', 'hello', { locale: 'en' }),
      segment('viewers', { event: 'Product Viewed', where: { productId: 'P-1' } }),
      pool('wb', { mode: 'generated', prefix: 'WB-' }),
      onEvent('hello', 'Signed Up', 'hi', { coupon: { pool: 'wb' } }),
      { kind: 'frequencyPolicy', body: { rules: [{ scope: 'all', limit: 2, window: '24h' }] } },
    ]);
    expect(problems).toEqual([]);
    expect(prepared.segments[0].condition).toEqual({ event: 'Product Viewed', where: { productId: { eq: 'P-1' } } });
    expect(prepared.templates.map((t) => t.locale ?? '-')).toEqual(['-', 'en']);
    expect(prepared.couponPools.get('wb')?.pool).toEqual({ key: 'wb', mode: 'generated', prefix: 'WB-', length: 10 });
    expect(prepared.journeys[0]).toMatchObject({ version: 1, definition: { key: 'hello', reentry: { mode: 'always' } } });
  });

  it('names the file, the field and the problem, references between files included', () => {
    const { problems } = checkResources([
      at('channels/kakao.json', { kind: 'channel', body: { key: 'kakao', type: 'carrier-pigeon' } }),
      at('templates/hi.yaml', template('hi', '{{ user.name ')),
      at('segments/a.yaml', segment('a', { segment: 'b' })),
      at('segments/b.yaml', segment('b', { segment: 'a' })),
      at('segments/c.yaml', segment('c', { segment: 'nope' })),
      at(
        'journeys/hello.yaml',
        journey({ key: 'hello', entry: { segment: 'missing', on: 'enter' }, start: 'send', steps: { send: sendStep('gone', { coupon: { pool: 'none' } }) } }),
      ),
      at('coupon-pools/x.json', pool('x', { mode: 'list', prefix: 7 })),
      at('frequency-policy.yaml', { kind: 'frequencyPolicy', body: { rules: [{ scope: 'all', limit: 0, window: '1y' }] } }),
    ]);
    expect(problems.map(formatProblem)).toEqual([
      'channels/kakao.json: type: must be one of log, webhook, smtp, sms-http, kakao-http, push-http',
      expect.stringMatching(/^templates\/hi\.yaml: content\.text: /),
      'coupon-pools/x.json: prefix: must be a string of at most 16 characters',
      expect.stringMatching(/^segments\/c\.yaml: condition\.segment: /),
      'segments/a.yaml: condition: segment "a" references itself through other segments (a cycle)',
      'segments/b.yaml: condition: segment "b" references itself through other segments (a cycle)',
      'frequency-policy.yaml: rules[0].limit: must be an integer from 1 to 1000000',
      expect.stringContaining('frequency-policy.yaml: rules[0].window: '),
      'journeys/hello.yaml: entry.segment: unknown segment "missing"',
      expect.stringMatching(/^journeys\/hello\.yaml: steps\.send\.channel: /),
      expect.stringMatching(/^journeys\/hello\.yaml: steps\.send\.template: /),
      expect.stringMatching(/^journeys\/hello\.yaml: steps\.send\.coupon\.pool: /),
    ]);
  });

  it('refuses two files defining the same resource', () => {
    const { problems } = checkResources([
      at('a.json', channel('kakao')),
      at('b.json', channel('kakao')),
      at('c.json', template('t', 'x')),
      at('d.json', template('t', 'y')),
    ]);
    expect(problems.map(formatProblem)).toEqual([
      'b.json: key: another file already defines channel "kakao"',
      'd.json: key: another file already defines template "t" without a locale',
    ]);
  });
});
