import type { ChannelConsent, ConsentFlag, ConsentLedger } from './consent';

/**
 * The consents of a person whose ids were merged (an anonymous visitor who
 * signed in, an alias): both ledgers are the same person's choices, so per
 * channel and per consent (advertising, night) the one changed last wins,
 * whichever id it was given under. When a change happened is the latest of
 * the flag's own times and of the recorded history (`changed`, keyed
 * `<channel>:<kind>`: a refusal of a consent never given carries no time of
 * its own); a flag with no time at all counts as the oldest, and on a tie the
 * user's own stands. A withdrawal or refusal made under either id therefore
 * holds unless the person granted consent again afterwards.
 */
export function mergeConsentLedgers(
  user: ConsentLedger,
  merged: ConsentLedger,
  changed: { user?: ReadonlyMap<string, number>; merged?: ReadonlyMap<string, number> } = {},
): ConsentLedger {
  const out: ConsentLedger = {};
  for (const channel of new Set([...Object.keys(user), ...Object.keys(merged)])) {
    const mine: ChannelConsent = Object.hasOwn(user, channel) ? user[channel] : {};
    const theirs: ChannelConsent = Object.hasOwn(merged, channel) ? merged[channel] : {};
    const consent: ChannelConsent = {};
    const when = (kind: string, side: ReadonlyMap<string, number> | undefined) => side?.get(`${channel}:${kind}`) ?? -Infinity;
    const advertising = latest(mine.advertising, theirs.advertising, when('advertising', changed.user), when('advertising', changed.merged));
    const night = latest(mine.night, theirs.night, when('night', changed.user), when('night', changed.merged));
    if (advertising) consent.advertising = advertising;
    if (night) consent.night = night;
    out[channel] = consent;
  }
  return out;
}

function changedAt(flag: ConsentFlag, recorded: number): number {
  return Math.max(flag.grantedAt?.getTime() ?? -Infinity, flag.withdrawnAt?.getTime() ?? -Infinity, recorded);
}

function latest(mine: ConsentFlag | undefined, theirs: ConsentFlag | undefined, mineAt: number, theirsAt: number): ConsentFlag | undefined {
  if (!mine || !theirs) return mine ?? theirs;
  return changedAt(theirs, theirsAt) > changedAt(mine, mineAt) ? theirs : mine;
}
