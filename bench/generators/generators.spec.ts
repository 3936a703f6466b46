import { generateBusEvents, generateHistories, generateTracks, generateUsers, Random } from './index';

describe('synthetic data generators', () => {
  it('give the same users, events and histories for the same seed', () => {
    expect(generateUsers(7, 50)).toEqual(generateUsers(7, 50));
    expect(generateTracks({ seed: 7, count: 200, users: 20 })).toEqual(generateTracks({ seed: 7, count: 200, users: 20 }));
    const history = { days: 30, maxPerUser: 5, nowMs: Date.UTC(2026, 10, 2) };
    expect(generateHistories(7, 20, history)).toEqual(generateHistories(7, 20, history));
  });

  it('give different data for different seeds', () => {
    expect(generateTracks({ seed: 1, count: 50, users: 20 })).not.toEqual(generateTracks({ seed: 2, count: 50, users: 20 }));
  });

  it('pins the sequence, so a change to the generator shows up in review', () => {
    const random = new Random(42);
    expect([random.next(), random.next()].map((x) => x.toFixed(6))).toEqual(['0.601104', '0.448291']);
    expect(generateTracks({ seed: 42, count: 1, users: 1000 })[0]).toMatchObject({ userId: expect.stringMatching(/^u-\d{8}$/), type: 'track' });
  });

  it('keeps users within range, ids unique and histories in time order per user', () => {
    const events = generateBusEvents({ seed: 3, count: 1000, users: 10 });
    expect(new Set(events.map((e) => e.userId)).size).toBeLessThanOrEqual(10);
    expect(new Set(events.map((e) => e.messageId)).size).toBe(1000);
    const history = generateHistories(3, 10, { days: 7, maxPerUser: 20, nowMs: Date.UTC(2026, 10, 2) });
    for (let i = 1; i < history.length; i++) {
      if (history[i].userId === history[i - 1].userId) expect(history[i].timestamp >= history[i - 1].timestamp).toBe(true);
    }
  });
});
