import { SERVICE_NAMES } from '@cairn/config';
import { playScenarios } from './support/play-scenarios';
import { expectReferenceChecksOn } from './support/reference-checks';
import { startAllInOne } from './support/stack';

// `npm start`'s single process: the four modules behind one port on the in-process bus.
describe('field scenarios, all-in-one (one process, in-process bus, Postgres)', () => {
  const stack = playScenarios(startAllInOne);

  it('checks the segments, templates and channels a journey names when it is saved', async () => {
    await expectReferenceChecksOn(stack());
  });

  it('serves the four services from one port, each reporting ready', async () => {
    const urls = new Set(SERVICE_NAMES.map((s) => stack().url(s)));
    expect(urls.size).toBe(1);
    const ready = await fetch(`${[...urls][0]}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { events: 'ok', segments: 'ok', journeys: 'ok', messaging: 'ok' } });
  });
});
