import { DomainError } from '@cairn/core';
import { TemplateContext, validateTemplate } from './template';
import { TemplateRenderer } from './template-renderer';

const context: TemplateContext = {
  user: { name: '김하늘', tier: 'gold', tags: ['vip'] },
  entry: { event: 'Product Added', properties: { name: '플래그십 재킷', cartId: 'c-1' } },
  journey: { key: 'cart-abandonment' },
  coupon: { code: 'WELCOME3000' },
};

async function renderError(renderer: TemplateRenderer, text: string): Promise<DomainError> {
  try {
    await renderer.render({ text }, context);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error(`expected ${text} to fail`);
}

function saveError(body: unknown): DomainError {
  try {
    validateTemplate(body);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected the template to be refused');
}

describe('TemplateRenderer', () => {
  const renderer = new TemplateRenderer();

  it('renders the design example with user, entry, journey and coupon', async () => {
    const content = {
      text: '{{ user.name }}님, 장바구니에 담긴 {{ entry.properties.name }} 잊지 않으셨죠? {{ coupon.code }} ({{ journey.key }})',
    };
    await expect(renderer.render(content, context)).resolves.toEqual({
      text: '김하늘님, 장바구니에 담긴 플래그십 재킷 잊지 않으셨죠? WELCOME3000 (cart-abandonment)',
    });
  });

  it('renders every string leaf of webhook JSON and keeps other values', async () => {
    const content = { json: { user: '{{ user.name }}', items: ['{{ user.tags.first }}', 3, true, null], nested: { tier: '{{ user.tier | upcase }}' } } };
    await expect(renderer.render(content, context)).resolves.toEqual({
      json: { user: '김하늘', items: ['vip', 3, true, null], nested: { tier: 'GOLD' } },
    });
  });

  it('leaves the Kakao template code and AlimTalk flag untouched and renders variables', async () => {
    const content = { templateCode: '{{ x }}', text: '{{ user.name }}님', variables: { name: '{{ user.name }}' }, alimtalk: true };
    await expect(renderer.render(content, context)).resolves.toEqual({
      templateCode: '{{ x }}',
      text: '김하늘님',
      variables: { name: '김하늘' },
      alimtalk: true,
    });
  });

  it('supports conditionals and loops within limits', async () => {
    await expect(renderer.render({ text: '{% if user.tier == "gold" %}G{% endif %}{% for i in (1..3) %}{{ i }}{% endfor %}' }, context)).resolves.toEqual({
      text: 'G123',
    });
  });

  it('lets a template ask for an optional value: a missing one is false in if/unless and takes its default', async () => {
    const text = '{% if user.vip %}VIP {% endif %}{% unless user.optedOut %}hi {% endunless %}{{ user.nickname | default: "고객" }}';
    await expect(renderer.render({ text }, { user: {} })).resolves.toEqual({ text: 'hi 고객' });
    await expect(renderer.render({ text }, { user: { vip: true, nickname: 'Ana' } })).resolves.toEqual({ text: 'VIP hi Ana' });
    await expect(renderer.render({ text: '{% if user.constructor %}leak{% endif %}{{ user.__proto__ | default: "none" }}' }, context)).resolves.toEqual({
      text: 'none',
    });
  });

  it.each([
    ['prototype probe on a string', '{{ user.name.constructor }}'],
    ['constructor of the user', '{{ user.constructor.name }}'],
    ['unknown top-level constructor', '{{ x.constructor }}'],
    ['__proto__', '{{ user.__proto__ }}'],
    ['__proto__ by bracket', '{{ user["__proto__"] }}'],
    ['inherited method', '{{ user.toString }}'],
    ['unknown variable', '{{ user.nickname }}'],
    ['unknown variable inside if, printed', '{% if user.vip %}x{% endif %}{{ user.vip }}'],
    ['unknown variable behind another filter before default', '{{ user.nickname | upcase | default: "x" }}'],
    ['unknown filter', '{{ user.name | shout }}'],
    ['runaway loop', '{% for i in (1..100000000) %}{{ i }}{% endfor %}'],
    ['exponential string', '{% assign s = "xxxxxxxxxx" %}{% for i in (1..100) %}{% assign s = s | append: s %}{% endfor %}{{ s }}'],
    ['huge output', '{% for i in (1..10000) %}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}'],
    ['file include', "{% include 'package.json' %}"],
    ['file render', "{% render '/etc/hostname' %}"],
    ['layout', "{% layout 'package.json' %}x"],
    ['syntax error', '{{ user.name '],
  ])('fails with TEMPLATE_RENDER_FAILED on %s', async (_name, text) => {
    const error = await renderError(renderer, text);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('TEMPLATE_RENDER_FAILED');
    expect(error.fields[0].path).toBe('content.text');
    expect(error.message).toMatch(/^content\.text: .+/);
  });

  it('holds one CPU budget for the whole content object: 80 heavy leaves fail together within it', async () => {
    // Each leaf alone stays well under the budget (and allocates little); together they would take seconds.
    const heavy = '{% assign r = (1..400) %}{% for i in r %}{% for j in r %}{% endfor %}{% endfor %}';
    const json = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`leaf${i}`, heavy]));
    await expect(renderer.render({ json }, context)).rejects.toMatchObject({ code: 'TEMPLATE_BUDGET_EXCEEDED' });
  });

  it('fails nested loops that exceed the budget with TEMPLATE_BUDGET_EXCEEDED', async () => {
    const nested = '{% assign r = (1..300) %}{% for i in r %}{% for j in r %}{% for k in r %}{% endfor %}{% endfor %}{% endfor %}';
    await expect(renderer.render({ text: nested }, context)).rejects.toMatchObject({
      code: 'TEMPLATE_BUDGET_EXCEEDED',
      fields: [{ path: 'content.text' }],
    });
  });

  it('bounds the output over all fields of a content object', async () => {
    const small = new TemplateRenderer({ parseLimit: 1000, budgetMs: 1000, memoryLimit: 100_000, maxOutputLength: 10 });
    await expect(small.render({ title: '123456', body: '7890' }, context)).resolves.toEqual({ title: '123456', body: '7890' });
    await expect(small.render({ title: '123456', body: '78901' }, context)).rejects.toMatchObject({
      code: 'TEMPLATE_RENDER_FAILED',
      fields: [{ path: 'content.body', message: 'rendered output exceeds 10 characters' }],
    });
  });

  it('refuses a template longer than the parse limit', async () => {
    const small = new TemplateRenderer({ parseLimit: 100, budgetMs: 1000, memoryLimit: 100_000, maxOutputLength: 1000 });
    await expect(small.render({ text: 'x'.repeat(101) }, context)).rejects.toMatchObject({ code: 'TEMPLATE_RENDER_FAILED' });
  });

  it('renders a template it parsed before with each new context, and fails a broken one every time', async () => {
    const once = new TemplateRenderer();
    const content = { text: 'Hi {{ user.name }}' };
    await expect(once.render(content, { user: { name: 'Ana' } })).resolves.toEqual({ text: 'Hi Ana' });
    await expect(once.render(content, { user: { name: 'Minji' } })).resolves.toEqual({ text: 'Hi Minji' });
    await expect(once.render(content, { user: {} })).rejects.toMatchObject({ code: 'TEMPLATE_RENDER_FAILED' });
    for (let i = 0; i < 2; i++) await expect(once.render({ text: '{{ user.name ' }, context)).rejects.toMatchObject({ code: 'TEMPLATE_RENDER_FAILED' });
  });

  it('fails when a referenced context object is absent', async () => {
    await expect(renderer.render({ text: '{{ coupon.code }}' }, { user: {} })).rejects.toMatchObject({ code: 'TEMPLATE_RENDER_FAILED' });
  });
});

describe('validateTemplate', () => {
  it('accepts the design example', () => {
    const body = { key: 'cart-reminder', channel: 'kakao', content: { text: '{{ user.name }}님, 장바구니에 담긴 {{ entry.properties.name }} 잊지 않으셨죠?' } };
    expect(validateTemplate(body)).toEqual(body);
  });

  it('keeps category and locale', () => {
    const body = { key: 'order-shipped', channel: 'sms', category: 'transactional', locale: 'ko-KR', content: { text: '발송되었습니다' } };
    expect(validateTemplate(body)).toEqual(body);
  });

  it.each([
    [{ key: 'e', channel: 'email', content: { subject: 'hi' } }, 'content.text'],
    [{ key: 'e', channel: 'email', content: { html: '<p>x</p>' } }, 'content.subject'],
    [{ key: 's', channel: 'sms', content: { text: '' } }, 'content.text'],
    [{ key: 's', channel: 'sms', content: { text: 'x', body: 'x' } }, 'content.body'],
    [{ key: 'p', channel: 'push', content: { title: 't' } }, 'content.body'],
    [{ key: 'k', channel: 'kakao', content: { text: 'x', alimtalk: 'yes' } }, 'content.alimtalk'],
    [{ key: 'k', channel: 'kakao', content: { text: 'x', alimtalk: true } }, 'content.templateCode'],
    [{ key: 'k', channel: 'kakao', content: { text: 'x', variables: { a: 1 } } }, 'content.variables.a'],
    [{ key: 'w', channel: 'webhook', content: { json: 'x' } }, 'content.json'],
    [{ key: 'l', channel: 'log', content: 'x' }, 'content'],
    [{ key: 'x', channel: 'fax', content: { text: 'x' } }, 'channel'],
    [{ key: '', channel: 'sms', content: { text: 'x' } }, 'key'],
    [{ key: 'x', channel: 'sms', content: { text: 'x' }, category: 'ads' }, 'category'],
    [{ key: 'x', channel: 'sms', content: { text: 'x' }, locale: 'Korean' }, 'locale'],
  ])('refuses the shape %j at %s', (body, path) => {
    const error = saveError(body);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields.map((f) => f.path)).toEqual([path]);
  });

  it.each([
    [{ key: 'x', channel: 'sms', content: { text: '{{ user.name ' } }, 'content.text'],
    [{ key: 'x', channel: 'sms', content: { text: '{% for i in (1..3) %}' } }, 'content.text'],
    [{ key: 'x', channel: 'sms', content: { text: '{{ user.name | shout }}' } }, 'content.text'],
    [{ key: 'x', channel: 'sms', content: { text: "{% include 'a' %}" } }, 'content.text'],
    [{ key: 'x', channel: 'webhook', content: { json: { a: ['ok', '{% if %}'] } } }, 'content.json.a[1]'],
  ])('refuses Liquid that does not parse with TEMPLATE_INVALID: %j', (body, path) => {
    const error = saveError(body);
    expect(error.code).toBe('TEMPLATE_INVALID');
    expect(error.fields.map((f) => f.path)).toEqual([path]);
  });
});
