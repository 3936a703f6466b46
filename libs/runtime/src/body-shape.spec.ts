import { rejectUnsafeBody } from './body-shape';

function run(body: unknown): { passed: boolean; status?: number; sent?: unknown } {
  const out: { passed: boolean; status?: number; sent?: unknown } = { passed: false };
  rejectUnsafeBody({ body }, { status: (code) => ((out.status = code), { json: (b) => void (out.sent = b) }) }, () => void (out.passed = true));
  return out;
}

describe('unsafe JSON bodies of the management APIs', () => {
  it('passes an ordinary body and no body', () => {
    expect(run({ key: 'cart', steps: { a: { type: 'exit' } } }).passed).toBe(true);
    expect(run(undefined).passed).toBe(true);
  });

  it('answers a NUL character, a prototype key or deep nesting with 400, the code and the field', () => {
    expect(run({ key: 'a\u0000b' })).toEqual({
      passed: false,
      status: 400,
      sent: {
        code: 'NUL_CHARACTER',
        message: 'key: text must not contain the NUL character (U+0000)',
        fields: [{ path: 'key', message: 'text must not contain the NUL character (U+0000)' }],
      },
    });
    expect(run(JSON.parse('{"condition":{"all":[{"__proto__":{}}]}}')).sent).toMatchObject({
      code: 'FORBIDDEN_KEY',
      fields: [{ path: 'condition.all[0].__proto__' }],
    });
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { n: deep };
    expect(run(deep).sent).toMatchObject({ code: 'TOO_DEEP' });
  });
});

describe('unpaired surrogates', () => {
  it('answers a lone surrogate in a value or a key with 400 INVALID_UNICODE naming the field, and passes paired ones', () => {
    expect(run(JSON.parse('{"name":"\\ud83d\\ude00 ok"}')).passed).toBe(true);
    expect(run(JSON.parse('{"steps":{"a":{"text":"x\\ud800"}}}')).sent).toMatchObject({ code: 'INVALID_UNICODE', fields: [{ path: 'steps.a.text' }] });
    expect(run(JSON.parse('{"traits":{"\\udc00":1}}')).sent).toMatchObject({ code: 'INVALID_UNICODE' });
  });
});
