import { ServiceName } from '@cairn/config';

/** Which service answers a public path in the all-in-one mode (docs/design.md §2, fixed public surface). */
const ROUTES: Array<[RegExp, ServiceName]> = [
  [/^\/v1\/(track|identify|page|screen|alias|group|batch|catalog)(\/|$|\?)/, 'events'],
  [/^\/v1\/(segments|audiences)(\/|$|\?)/, 'segments'],
  [/^\/v1\/users\/[^/]+\/(segments|profile)(\/|$|\?)/, 'segments'],
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
