import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readyMadeJourneys, validateJourney } from '@cairn/journeys-domain';
import { lifecycleSegments } from '@cairn/segments-domain';
import { loadFolder } from './files/load-folder';
import { cairn } from './spec-support';

const root = join(__dirname, '..', '..', 'examples');
const shop = join(root, 'shop');
const scenarios = readdirSync(join(root, 'scenarios'))
  .filter((f) => f.endsWith('.yaml') && !f.endsWith('.expected.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));
const anything = { segmentExists: () => true, templateExists: () => true, channelExists: () => true, couponPoolExists: () => true };

describe('examples/', () => {
  it('holds the shop: the ready-made journeys and the lifecycle stages as they are defined in code', () => {
    const { resources, problems } = loadFolder(shop);
    expect(problems).toEqual([]);
    const journeys = resources.filter((r) => r.kind === 'journey').map((r) => validateJourney(r.body, anything));
    expect(journeys.sort((a, b) => a.key.localeCompare(b.key))).toEqual(readyMadeJourneys().sort((a, b) => a.key.localeCompare(b.key)));
    const segments = Object.fromEntries(resources.filter((r) => r.kind === 'segment').map((r) => [(r.body as { key: string }).key, r.body]));
    for (const stage of Object.values(lifecycleSegments())) expect(segments[stage.key]).toEqual(stage);
  });

  it('validates the shop offline', async () => {
    expect(await cairn(['validate', shop])).toMatchObject({ code: 0, err: '' });
  });

  it('has one scenario with its expected messages per ready-made journey', () => {
    expect(scenarios.sort()).toEqual(
      readyMadeJourneys()
        .map((j) => j.key)
        .sort(),
    );
  });

  it.each(scenarios)('simulates %s with the expected messages', async (name) => {
    const scenario = join(root, 'scenarios', `${name}.yaml`);
    const ran = await cairn(['simulate', shop, '--scenario', scenario, '--expect', join(root, 'scenarios', `${name}.expected.yaml`)]);
    expect(ran.err).toMatch(/as expected\n$/);
    expect(ran.code).toBe(0);
    const json = await cairn(['simulate', shop, '--scenario', scenario, '--format', 'json']);
    expect(JSON.parse(json.out).messages.length).toBeGreaterThan(0);
  });
});
