import { checkResources } from '@cairn/simulator';
import { validateJourney } from '@cairn/journeys-domain';
import { loadFolder } from '../files/load-folder';
import { writeFolder } from '../files/write-folder';
import { buildPlan } from '../plan/build-plan';
import type { RemoteState } from '../remote/read-remote';
import { folder } from '../spec-support';
import { exportFiles, secretVariable } from './export';

const anything = { segmentExists: () => true, templateExists: () => true, channelExists: () => true, couponPoolExists: () => true };
const journey = validateJourney(
  {
    key: 'cart',
    name: 'Cart',
    entry: { event: 'Product Added' },
    start: 'wait',
    steps: {
      wait: { type: 'wait', duration: '1h', next: 'send' },
      send: { type: 'send', channel: 'sms', template: 'cart', category: 'promotional', next: null },
    },
  },
  anything,
);
const remote: RemoteState = {
  segments: new Map([['vip', { key: 'vip', name: 'VIP', condition: { trait: 'tier', op: 'eq', value: 'gold' } }]]),
  journeys: new Map([['cart', { key: 'cart', status: 'active', version: 4, draft: journey, published: journey }]]),
  templates: new Map([
    ['cart\u0000', { key: 'cart', channel: 'sms', content: { text: 'hi' }, category: 'promotional' }],
    ['cart\u0000en', { key: 'cart', channel: 'sms', content: { text: 'hello' }, locale: 'en' }],
  ]),
  channels: new Map([
    ['sms', { key: 'sms', type: 'sms-http', config: { url: 'https://sms.example/send', sender: '15880000' }, writeOnly: { 'config.apiKey': 'set' } }],
  ]),
  couponPools: new Map([['wb', { key: 'wb', mode: 'generated', prefix: 'WB-', length: 8, available: null, assigned: 3 }]]),
  couponPoolsListed: true,
  policy: { rules: [], whenCapped: 'drop', compliance: 'kr-ad-law' },
};

describe('export', () => {
  it.each(['yaml', 'json'] as const)('writes %s files that plan back to no change at all', (format) => {
    const f = folder({});
    try {
      const variables: string[] = [];
      writeFolder(f.dir, exportFiles(remote, variables), format, false);
      expect(variables).toEqual(['CAIRN_CHANNEL_SMS_APIKEY']);
      const loaded = loadFolder(f.dir);
      expect(loaded.problems).toEqual([]);
      expect(loaded.resources.map((r) => r.source!.slice(f.dir.length + 1)).sort()).toEqual(
        ['channels/sms', 'coupon-pools/wb', 'frequency-policy', 'journeys/cart', 'segments/vip', 'templates/cart', 'templates/cart.en']
          .map((n) => `${n}.${format}`)
          .sort(),
      );
      const checked = checkResources(loaded.resources);
      expect(checked.problems).toEqual([]);
      const items = buildPlan(checked.prepared, loaded.resources, remote, { prune: true, writeSecrets: false, env: {} });
      expect(items.filter((i) => i.action !== 'unchanged')).toEqual([]);
      expect(loaded.resources.find((r) => r.kind === 'channel')?.body).toEqual({
        key: 'sms',
        type: 'sms-http',
        config: { url: 'https://sms.example/send', sender: '15880000', apiKey: '${CAIRN_CHANNEL_SMS_APIKEY}' },
      });
    } finally {
      f.cleanup();
    }
  });

  it('names the variable of a secret after the channel and the field', () => {
    expect(secretVariable('mail-relay', 'config.auth.pass')).toBe('CAIRN_CHANNEL_MAIL_RELAY_AUTH_PASS');
  });
});
