import { cairn, folder } from '../spec-support';

const journey = {
  key: 'hello',
  name: 'Hello',
  entry: { event: 'Signed Up' },
  start: 'send',
  steps: { send: { type: 'send', channel: 'kakao', template: 'hello', category: 'promotional', next: null } },
};

describe('cairn validate', () => {
  it('accepts a consistent folder of JSON and YAML files', async () => {
    const f = folder({
      'channels/kakao.json': { key: 'kakao', type: 'log', config: {} },
      'templates/hello.yaml': 'key: hello\nchannel: kakao\ncontent:\n  text: "{{ user.name }}님, 안녕하세요"\n',
      'journeys/hello.json': journey,
      'scenario.yaml': 'start: x',
    });
    try {
      const ran = await cairn(['validate', f.dir]);
      expect(ran).toEqual({
        code: 0,
        out: expect.stringContaining('valid (0 segments, 1 journey, 1 template variant, 1 channel, 0 coupon pools, no frequency policy)'),
        err: '',
      });
    } finally {
      f.cleanup();
    }
  });

  it('prints every problem as file: field.path: message and exits 1', async () => {
    const f = folder({
      'channels/kakao.json': { key: 'kakao', type: 'log', config: {} },
      'journeys/hello.json': { ...journey, steps: { send: { ...journey.steps.send, template: 'missing' } }, holdout: 2 },
      'segments/broken.yaml': 'key: broken\nname: [unclosed\n',
      'segment/typo.yaml': 'key: typo\n',
      'frequency-policy.json': { whenCapped: 'later' },
    });
    try {
      const ran = await cairn(['validate', f.dir]);
      expect(ran.code).toBe(1);
      expect(ran.out).toBe('');
      expect(ran.err.split('\n')).toEqual([
        `warning: ${f.dir}/segment: not read (resources go in segments/, journeys/, templates/, channels/, coupon-pools/ and frequency-policy.yaml)`,
        `${f.dir}/segments/broken.yaml: not valid YAML: line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]`,
        `${f.dir}/frequency-policy.json: whenCapped: must be "drop" or "defer"`,
        `${f.dir}/journeys/hello.json: holdout: must be a number from 0 to 0.5`,
        `${f.dir}/journeys/hello.json: steps.send.template: unknown template "missing"`,
        `4 problems in ${f.dir}`,
        '',
      ]);
    } finally {
      f.cleanup();
    }
  });

  it('answers usage errors with exit 2', async () => {
    expect(await cairn(['validate'])).toMatchObject({ code: 2, err: expect.stringContaining('cairn validate takes one folder') });
    expect(await cairn(['validate', 'a', '--prune'])).toMatchObject({ code: 2, err: expect.stringContaining('cairn validate does not take --prune') });
    expect(await cairn(['deploy', 'a'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "deploy"') });
    expect(await cairn([])).toMatchObject({ code: 2, out: expect.stringContaining('Usage:') });
    expect(await cairn(['--help'])).toMatchObject({ code: 0, out: expect.stringContaining('cairn simulate DIR --scenario FILE') });
    expect(await cairn(['plan', 'x'])).toMatchObject({ code: 2, err: expect.stringContaining('--url http://localhost:3000 (or CAIRN_URL)') });
  });
});
