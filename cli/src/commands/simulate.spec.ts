import { cairn, folder } from '../spec-support';

const files = {
  'channels/kakao.yaml': 'key: kakao\ntype: log\n',
  'templates/hi.yaml': 'key: hi\nchannel: kakao\ncontent:\n  text: "{{ user.name }}님, 안녕하세요"\n',
  'journeys/hi.yaml':
    'key: hi\nname: Hi\nentry: { event: Signed Up }\nstart: send\nsteps:\n  send: { type: send, channel: kakao, template: hi, category: promotional, next: null }\n',
  'scenario.yaml': [
    'start: "2026-03-02T09:00:00+09:00"',
    'until: "+1d"',
    'users:',
    '  u1: { traits: { name: 민지 }, consents: { kakao: { advertising: true } } }',
    '  u2: { traits: { name: 서준 } }',
    'events:',
    '  - { at: "+1h", userId: u1, event: Signed Up }',
    '  - { at: "+2h", userId: u2, event: Signed Up }',
  ].join('\n'),
  'expected.yaml': 'messages:\n  - { userId: u1, status: SENT, content: { text: 민지님, 안녕하세요 }, sentAt: "+1h" }\n  - { userId: u2, status: SENT }\n',
};

describe('cairn simulate', () => {
  it('answers the JSON result, and with --expect exits 1 with a diff when the messages differ', async () => {
    const f = folder(files);
    const args = [f.dir, '--scenario', `${f.dir}/scenario.yaml`];
    try {
      const json = await cairn(['simulate', ...args, '--format', 'json']);
      expect(json.code).toBe(0);
      const result = JSON.parse(json.out);
      expect(Object.keys(result)).toEqual(['messages', 'segments', 'runs', 'skipped']);
      expect(result.messages.map((m: { userId: string; status: string; reason: string | null }) => [m.userId, m.status, m.reason])).toEqual([
        ['u1', 'SENT', null],
        ['u2', 'SUPPRESSED', 'no_consent'],
      ]);
      const checked = await cairn(['simulate', ...args, '--expect', `${f.dir}/expected.yaml`]);
      expect(checked.code).toBe(1);
      expect(checked.out).toContain('message hi/send on kakao (hi, promotional): SUPPRESSED no_consent');
      expect(checked.err).toContain(
        '~ expected #2 vs simulated #2: u2 hi/send SUPPRESSED no_consent (created 2026-03-02T02:00:00.000Z)\n    status: expected "SENT", got "SUPPRESSED"\n',
      );
    } finally {
      f.cleanup();
    }
  });

  it('names the scenario’s problems with their paths', async () => {
    const f = folder({ ...files, 'scenario.yaml': 'start: tomorrow\nevents:\n  - { at: "+1h", event: Signed Up }\n' });
    try {
      const ran = await cairn(['simulate', f.dir, '--scenario', `${f.dir}/scenario.yaml`]);
      expect(ran.code).toBe(1);
      expect(ran.err.split('\n')).toEqual([
        `${f.dir}/scenario.yaml: start: must be an ISO instant with a zone, such as 2026-03-02T09:00:00+09:00`,
        `${f.dir}/scenario.yaml: events[0].userId: must be a user id (1 to 256 characters)`,
        '',
      ]);
      expect(await cairn(['simulate', f.dir])).toMatchObject({ code: 2, err: expect.stringContaining('needs --scenario FILE') });
    } finally {
      f.cleanup();
    }
  });
});
