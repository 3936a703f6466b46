import { ServiceName } from '@cairn/config';

/** Which service answers a public path in the all-in-one mode (docs/design.md §2, fixed public surface). */
const ROUTES: Array<[RegExp, ServiceName]> = [
  [/^\/v1\/(track|identify|page|screen|alias|group|batch|catalog)(\/|$|\?)/, 'events'],
  // Browsers: analytics.js's short paths and settings, RudderStack's beacons and source config.
  [/^\/v1\/(t|i|p|s|a|g|b)\/?$/, 'events'],
  [/^\/v1\/projects\/[^/]+\/settings\/?$/, 'events'],
  [/^\/(v1\/)?sourceConfig\/?$/, 'events'],
  [/^\/beacon\/v1\/batch\/?$/, 'events'],
  [/^\/v1\/(segments|audiences)(\/|$|\?)/, 'segments'],
  [/^\/v1\/users\/[^/]+\/(segments|profile|identity)(\/|$|\?)/, 'segments'],
  // The person's parts, each served by its service; the whole (GET /v1/users/:userId, /erasure, /export) is people.ts's.
  [/^\/v1\/users\/[^/]+\/(erasure|export)\/events$/, 'events'],
  [/^\/v1\/users\/[^/]+\/(erasure|export)\/segments$/, 'segments'],
  [/^\/v1\/users\/[^/]+\/(erasure|export)\/journeys$/, 'journeys'],
  [/^\/v1\/users\/[^/]+\/(erasure|export)\/messaging$/, 'messaging'],
  // DELETE /v1/users/:userId (erasure) starts at segments, which knows the person's ids.
  [/^\/v1\/users\/[^/]+$/, 'segments'],
  [/^\/v1\/(journeys|coupon-pools)(\/|$|\?)/, 'journeys'],
  [/^\/v1\/users\/[^/]+\/journeys(\/|$|\?)/, 'journeys'],
  [/^\/v1\/(templates|channels|frequency-policy|messages|send|broadcasts|unsubscribe)(\/|$|\?)/, 'messaging'],
  [/^\/v1\/users\/[^/]+\/consents(\/|$|\?)/, 'messaging'],
  [/^\/v1\/parked\/events(\/|$|\?)/, 'events'],
  [/^\/v1\/parked\/segments(\/|$|\?)/, 'segments'],
  [/^\/v1\/parked\/journeys(\/|$|\?)/, 'journeys'],
  [/^\/v1\/parked\/messaging(\/|$|\?)/, 'messaging'],
];

export function serviceForPath(path: string): ServiceName | undefined {
  return ROUTES.find(([re]) => re.test(path))?.[1];
}
