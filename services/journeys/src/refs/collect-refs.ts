/**
 * The keys of other things a journey names: segments (entry, branch
 * conditions), templates and channels (send steps) and coupon pools. Pure: the
 * validator runs once with a recording JourneyRefs that accepts everything,
 * so that the look-ups can be made once per kind, asynchronously, before the
 * validator runs again with what they found.
 */
import { JourneyDefinition, JourneyRefs, validateJourney } from '@cairn/journeys-domain';

export const REF_KINDS = ['segments', 'templates', 'channels', 'couponPools'] as const;
export type RefKind = (typeof REF_KINDS)[number];
export type RefKeys = Record<RefKind, Set<string>>;

export function emptyRefKeys(): RefKeys {
  return { segments: new Set(), templates: new Set(), channels: new Set(), couponPools: new Set() };
}

/** Adds the keys `body` references to `into`; throws ValidationFailed when the body is invalid for another reason. */
export function collectRefs(body: unknown, into: RefKeys = emptyRefKeys()): RefKeys {
  const record = (kind: RefKind) => (key: string) => {
    into[kind].add(key);
    return true;
  };
  validateJourney(body, {
    segmentExists: record('segments'),
    templateExists: record('templates'),
    channelExists: record('channels'),
    couponPoolExists: record('couponPools'),
  });
  return into;
}

/** What the look-ups found, per kind; a kind without an entry was not checked (every key passes). */
export type FoundRefs = Partial<RefKeys>;

export function refsFrom(found: FoundRefs): JourneyRefs {
  const check = (kind: RefKind) => (key: string) => found[kind]?.has(key) ?? true;
  return {
    segmentExists: check('segments'),
    templateExists: check('templates'),
    channelExists: check('channels'),
    couponPoolExists: check('couponPools'),
  };
}

/** Validates `body` against what the look-ups found. */
export function validateWithFound(body: unknown, found: FoundRefs): JourneyDefinition {
  return validateJourney(body, refsFrom(found));
}
