import { READY_MADE_TEMPLATES, readyMadeJourneys } from './ready-made';

describe('ready-made journeys', () => {
  it('references exactly the documented templates', () => {
    const templates = readyMadeJourneys().flatMap((def) => Object.values(def.steps).flatMap((step) => (step.type === 'send' ? [step.template] : [])));
    expect(templates.sort()).toEqual([...READY_MADE_TEMPLATES].sort());
  });

  it('scales step waits for a demo, leaving entry ages, goals and cool-downs alone', () => {
    const [cart, , , , followUp] = readyMadeJourneys({ waitScale: 1 / 3600 });
    expect(cart.steps['wait-for-order']).toMatchObject({ timeout: '1s' });
    expect(cart.entry).toMatchObject({ maxEventAge: '1h' });
    expect(cart.goal?.within).toBe('3d');
    expect(cart.reentry).toEqual({ mode: 'cooldown', cooldown: '1d' });
    expect(followUp.steps['wait-a-day']).toMatchObject({ duration: '24s' });
    expect(readyMadeJourneys()[4].steps['wait-a-day']).toMatchObject({ duration: '1d' });
  });

  it('refuses a wait scale that is not positive', () => {
    expect(() => readyMadeJourneys({ waitScale: 0 })).toThrow(RangeError);
  });

  it('uses the channel it is given', () => {
    const channels = readyMadeJourneys({ channel: 'sms' }).flatMap((def) =>
      Object.values(def.steps).flatMap((step) => (step.type === 'send' ? [step.channel] : [])),
    );
    expect(new Set(channels)).toEqual(new Set(['sms']));
  });
});
