import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEMO_CHANNEL, DEMO_COUPON_POOLS, DEMO_SEGMENTS, DEMO_TEMPLATES } from './demo-content';

// examples/shop is the demo as files (with the ready-made journeys' real waits): the two must not drift apart.
const shop = join(__dirname, '..', '..', '..', '..', 'examples', 'shop');
const read = (path: string) => parse(readFileSync(join(shop, `${path}.yaml`), 'utf8'));

describe('the demo and examples/shop', () => {
  it('have the same templates, segments, coupon pools and channel', () => {
    for (const t of DEMO_TEMPLATES) expect(read(`templates/${t.key}${t.locale ? `.${t.locale as string}` : ''}`)).toEqual(t);
    for (const s of DEMO_SEGMENTS) expect(read(`segments/${s.key}`)).toEqual(s);
    for (const [key, pool] of Object.entries(DEMO_COUPON_POOLS)) expect(read(`coupon-pools/${key}`)).toEqual(pool);
    expect(read(`channels/${DEMO_CHANNEL}`)).toEqual({ key: DEMO_CHANNEL, type: 'log', config: {} });
  });
});
