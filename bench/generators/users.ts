import { Random } from './random';

export interface SyntheticUser {
  userId: string;
  traits: { email: string; plan: 'free' | 'pro' | 'enterprise'; country: string; timezone: string; signedUpAt: string };
}

const PLANS = [
  ['free', 70],
  ['pro', 25],
  ['enterprise', 5],
] as const;
const PLACES = [
  ['KR', 'Asia/Seoul'],
  ['JP', 'Asia/Tokyo'],
  ['US', 'America/New_York'],
  ['DE', 'Europe/Berlin'],
  ['BR', 'America/Sao_Paulo'],
] as const;

/** The user id of the i-th synthetic user: stable, so events and histories can refer to users by index. */
export function userId(i: number): string {
  return `u-${String(i).padStart(8, '0')}`;
}

/** `count` users with traits, the same for the same seed. */
export function generateUsers(seed: number, count: number, now = Date.UTC(2026, 10, 2)): SyntheticUser[] {
  const random = new Random(seed);
  return Array.from({ length: count }, (_, i) => {
    const [country, timezone] = random.pick(PLACES);
    return {
      userId: userId(i),
      traits: {
        email: `${userId(i)}@example.test`,
        plan: random.weighted(PLANS),
        country,
        timezone,
        signedUpAt: new Date(now - random.int(0, 365) * 86_400_000).toISOString(),
      },
    };
  });
}
