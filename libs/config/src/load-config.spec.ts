import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadConfig, loadConsoleConfig } from './load-config';

function fileWith(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cairn-config-')), 'cairn.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const distributed = { KAFKA_BROKERS: 'localhost:9092', DATABASE_URL: 'postgres://localhost/cairn' };
const workspace = { id: 'shop', writeKeys: ['shop-write-0001'], adminKeys: ['shop-admin-0001'] };

function failure(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives a service its fixed port and the dev workspace outside production', () => {
    const config = loadConfig({ service: 'segments', env: { ...distributed } });
    expect(config.port).toBe(3002);
    expect(config.mode).toBe('distributed');
    expect(config.kafka?.brokers).toEqual(['localhost:9092']);
    expect(config.workspaces.map((w) => w.writeKeys)).toEqual([['dev-write-key']]);
  });

  it('runs all-in-one on port 3000 with embedded defaults', () => {
    const config = loadConfig({ service: 'all-in-one', env: {} });
    expect(config).toMatchObject({ port: 3000, kafka: null, databaseUrl: null, mode: 'all-in-one' });
  });

  it('requires Kafka and Postgres for a service on its own', () => {
    expect(failure(() => loadConfig({ service: 'events', env: { DATABASE_URL: distributed.DATABASE_URL } })).field).toBe('KAFKA_BROKERS');
    expect(failure(() => loadConfig({ service: 'events', env: { KAFKA_BROKERS: 'k:9092' } })).field).toBe('DATABASE_URL');
  });

  it('refuses the dev keys and a missing workspace list in production', () => {
    const prod = { ...distributed, NODE_ENV: 'production' };
    expect(failure(() => loadConfig({ service: 'events', env: prod })).field).toBe('workspaces');
    const withDevKey = fileWith({ workspaces: [{ ...workspace, writeKeys: ['dev-write-key'] }] });
    const error = failure(() => loadConfig({ service: 'events', env: { ...prod, CAIRN_CONFIG: withDevKey } }));
    expect(error.field).toBe('workspaces[0].writeKeys[0]');
    expect(error.message).toContain('refused in production');
  });

  it.each([
    [{ workspaces: [{ ...workspace, timezone: 'Mars/Olympus' }] }, 'workspaces[0].timezone'],
    [{ workspaces: [{ ...workspace, compliance: 'gdpr-ish' }] }, 'workspaces[0].compliance'],
    [{ workspaces: [{ ...workspace, adminKeys: [] }] }, 'workspaces[0].adminKeys'],
    [{ workspaces: [workspace, { ...workspace, id: 'other' }] }, 'workspaces[1].writeKeys[0]'],
    [{ workspaces: 'shop' }, 'workspaces'],
    ['{not json', 'CAIRN_CONFIG'],
  ])('names the field at fault in a bad file (%#)', (content, field) => {
    expect(failure(() => loadConfig({ service: 'events', env: { ...distributed, CAIRN_CONFIG: fileWith(content) } })).field).toBe(field);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ KAFKA_BROKERS: 'no port' }, 'KAFKA_BROKERS'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
  ])('names the env variable at fault (%#)', (env, field) => {
    expect(failure(() => loadConfig({ service: 'events', env: { ...distributed, ...env } })).field).toBe(field);
  });
});

describe('the services object', () => {
  const load = (content: unknown) => loadConfig({ service: 'journeys', env: { ...distributed, CAIRN_CONFIG: fileWith(content) } });

  it('is empty when the file has none: the checks that need another service are off', () => {
    expect(loadConfig({ service: 'journeys', env: distributed }).services).toEqual({});
    expect(load({}).services).toEqual({});
  });

  it('keeps the base URL of each named service, without a trailing slash', () => {
    const config = load({ services: { segments: 'http://segments:3002/', messaging: 'https://messaging.internal' } });
    expect(config.services).toEqual({ segments: 'http://segments:3002', messaging: 'https://messaging.internal' });
  });

  it.each([
    [{ services: 'http://segments:3002' }, 'services'],
    [{ services: ['http://segments:3002'] }, 'services'],
    [{ services: { segments: 'segments:3002' } }, 'services.segments'],
    [{ services: { messaging: 'ftp://messaging:21' } }, 'services.messaging'],
    [{ services: { messaging: 3004 } }, 'services.messaging'],
    [{ services: { segments: 'http://segments:3002/?x=1' } }, 'services.segments'],
    [{ services: { billing: 'http://billing:9000' } }, 'services.billing'],
  ])('names the field of a bad entry (%#)', (content, field) => {
    expect(failure(() => load(content)).field).toBe(field);
  });
});

describe('trustProxy', () => {
  const load = (content: unknown) => loadConfig({ service: 'events', env: { ...distributed, CAIRN_CONFIG: fileWith(content) } });

  it('trusts loopback proxies by default and takes false, hops or a list of addresses and ranges', () => {
    expect(load({}).trustProxy).toEqual(['loopback']);
    expect(load({ trustProxy: false }).trustProxy).toBe(false);
    expect(load({ trustProxy: 1 }).trustProxy).toBe(1);
    expect(load({ trustProxy: ['10.0.0.0/8', 'uniquelocal', '2001:db8::1'] }).trustProxy).toEqual(['10.0.0.0/8', 'uniquelocal', '2001:db8::1']);
    expect(load({ trustProxy: 'loopback, 192.168.1.0/24' }).trustProxy).toEqual(['loopback', '192.168.1.0/24']);
  });

  it.each([[-1], [1.5], ['everything'], [['10.0.0.0/33']], [[]], [{ hops: 1 }]])('names the field of a bad value (%p)', (trustProxy) => {
    expect(failure(() => load({ trustProxy })).field).toBe('trustProxy');
  });
});

describe('the egress object', () => {
  const load = (content: unknown) => loadConfig({ service: 'messaging', env: { ...distributed, CAIRN_CONFIG: fileWith(content) } });

  it('opens no private address by default', () => {
    expect(loadConfig({ service: 'messaging', env: distributed }).egress).toEqual({ allowPrivate: [] });
  });

  it('keeps the addresses and ranges the operator opens', () => {
    expect(load({ egress: { allowPrivate: ['10.1.0.0/16', '127.0.0.1', 'fd00:ec2::/64'] } }).egress.allowPrivate).toEqual([
      '10.1.0.0/16',
      '127.0.0.1',
      'fd00:ec2::/64',
    ]);
  });

  it.each([
    [{ egress: ['10.0.0.0/8'] }, 'egress'],
    [{ egress: { allowPrivate: '10.0.0.0/8' } }, 'egress.allowPrivate'],
    [{ egress: { allowPrivate: ['10.0.0.0/8', 'intranet'] } }, 'egress.allowPrivate[1]'],
    [{ egress: { allowPrivate: ['10.0.0.0/33'] } }, 'egress.allowPrivate[0]'],
    [{ egress: { allowPrivate: [8] } }, 'egress.allowPrivate[0]'],
    [{ egress: { allowPublic: [] } }, 'egress.allowPublic'],
  ])('names the field of a bad entry (%#)', (content, field) => {
    expect(failure(() => load(content)).field).toBe(field);
  });
});

describe('sending settings of a workspace', () => {
  const load = (entry: Record<string, unknown>, env: Record<string, string> = {}) =>
    loadConfig({ service: 'messaging', env: { ...distributed, ...env, CAIRN_CONFIG: fileWith({ workspaces: [{ ...workspace, ...entry }] }) } });

  it('keeps send-only keys and the public base URL (without a trailing slash); none by default', () => {
    const config = load({ sendKeys: ['shop-order-service-send-1'], publicBaseUrl: 'https://crm.shop.example/' });
    expect(config.workspaces[0]).toMatchObject({ sendKeys: ['shop-order-service-send-1'], publicBaseUrl: 'https://crm.shop.example' });
    expect(load({}).workspaces[0].sendKeys).toEqual([]);
    expect(load({}).workspaces[0].publicBaseUrl).toBeUndefined();
  });

  it('answers links on the address it serves outside production, and on none in production', () => {
    expect(load({}).publicUrl).toBe('http://localhost:3004');
    expect(load({}, { PORT: '4100' }).publicUrl).toBe('http://localhost:4100');
    expect(load({}, { NODE_ENV: 'production', CAIRN_SECRETS_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}` }).publicUrl).toBeNull();
  });

  it.each([
    [{ sendKeys: 'one-key-of-sixteen-chars' }, 'workspaces[0].sendKeys'],
    [{ sendKeys: ['short'] }, 'workspaces[0].sendKeys[0]'],
    [{ sendKeys: ['shop-admin-0001'] }, 'workspaces[0].sendKeys[0]'],
    [{ publicBaseUrl: 'crm.shop.example' }, 'workspaces[0].publicBaseUrl'],
    [{ publicBaseUrl: 'https://crm.shop.example/?ref=1' }, 'workspaces[0].publicBaseUrl'],
    [{ publicBaseUrl: 'mailto:crm@shop.example' }, 'workspaces[0].publicBaseUrl'],
  ])('names the field of a bad value (%#)', (entry, field) => {
    expect(failure(() => load(entry)).field).toBe(field);
  });
});

describe('loadConsoleConfig', () => {
  it('defaults to port 3000 and the Kubernetes Services, and takes service URLs from the CAIRN_CONFIG file', () => {
    expect(loadConsoleConfig({ env: {} })).toEqual({
      port: 3000,
      logLevel: 'info',
      upstreams: {
        events: 'http://cairn-events:3001',
        segments: 'http://cairn-segments:3002',
        journeys: 'http://cairn-journeys:3003',
        messaging: 'http://cairn-messaging:3004',
      },
    });
    const file = fileWith({ services: { events: 'http://events:3001/', journeys: 'https://j.example' } });
    const config = loadConsoleConfig({ env: { CAIRN_CONFIG: file, PORT: '8080' } });
    expect(config.port).toBe(8080);
    expect(config.upstreams).toMatchObject({ events: 'http://events:3001', journeys: 'https://j.example', segments: 'http://cairn-segments:3002' });
  });

  it('refuses a bad port or service URL, naming it', () => {
    expect(() => loadConsoleConfig({ env: { PORT: 'x' } })).toThrow(/PORT/);
    expect(() => loadConsoleConfig({ env: { CAIRN_CONFIG: fileWith({ services: { events: 'ftp://x' } }) } })).toThrow(/services\.events/);
  });
});

describe('allowedOrigins (CORS)', () => {
  const load = (origins: unknown, env: Record<string, string> = {}) =>
    loadConfig({ service: 'events', env: { ...distributed, ...env, CAIRN_CONFIG: fileWith({ workspaces: [{ ...workspace, allowedOrigins: origins }] }) } });

  it('lets no browser page in when a workspace names none; the development workspace takes any', () => {
    expect(
      loadConfig({ service: 'events', env: { ...distributed, CAIRN_CONFIG: fileWith({ workspaces: [workspace] }) } }).workspaces[0].allowedOrigins,
    ).toEqual([]);
    expect(loadConfig({ service: 'events', env: distributed }).workspaces[0].allowedOrigins).toEqual(['*']);
  });

  it('keeps origins as browsers send them, and * outside production', () => {
    expect(load(['https://shop.example.com', 'http://localhost:8080', 'https://xn--9n3b.example']).workspaces[0].allowedOrigins).toEqual([
      'https://shop.example.com',
      'http://localhost:8080',
      'https://xn--9n3b.example',
    ]);
    expect(load(['*']).workspaces[0].allowedOrigins).toEqual(['*']);
  });

  it.each([
    ['https://shop.example.com', 'workspaces[0].allowedOrigins'],
    [['https://shop.example.com/'], 'workspaces[0].allowedOrigins[0]'],
    [['https://shop.example.com', 'https://Shop.example.com'], 'workspaces[0].allowedOrigins[1]'],
    [['https://shop.example.com:443'], 'workspaces[0].allowedOrigins[0]'],
    [['shop.example.com'], 'workspaces[0].allowedOrigins[0]'],
    [['https://*.example.com'], 'workspaces[0].allowedOrigins[0]'],
    [['ftp://shop.example.com'], 'workspaces[0].allowedOrigins[0]'],
    [['null'], 'workspaces[0].allowedOrigins[0]'],
    [[42], 'workspaces[0].allowedOrigins[0]'],
  ])('names the entry at fault (%p)', (origins, field) => {
    expect(failure(() => load(origins)).field).toBe(field);
  });

  it('says how a browser writes a misspelt origin', () => {
    expect(failure(() => load(['https://Shop.example.com/'])).message).toContain('"https://shop.example.com"');
  });

  it('refuses * in production', () => {
    const error = failure(() => load(['https://shop.example.com', '*'], { NODE_ENV: 'production' }));
    expect(error.field).toBe('workspaces[0].allowedOrigins[1]');
    expect(error.message).toContain('refused in production');
    expect(load(['https://shop.example.com'], { NODE_ENV: 'production' }).workspaces[0].allowedOrigins).toEqual(['https://shop.example.com']);
  });
});
