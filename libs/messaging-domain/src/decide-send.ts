import { checkConsent, ConsentLedger, ConsentReason } from './consent';
import { ContentChannel, MessageContent } from './content';
import { checkFrequency, SentRecord } from './frequency-cap';
import { FrequencyPolicy, MessageCategory } from './frequency-policy';
import { checkAlimTalk, checkNightRule, KrAdLawConfig, labelAdvertisement } from './kr-ad-law';
import { checkQuietHours } from './quiet-hours';

export { FALLBACK_TIME_ZONE as DEFAULT_TIME_ZONE } from '@cairn/core';

/** A message ready to go: content already rendered. */
export interface SendRequest {
  /** Channel key (`sms`, `kakao`, ...): consents and caps are per key. */
  channel: string;
  /** The channel's content kind; decides labelling and AlimTalk rules. */
  channelType: ContentChannel;
  journeyId?: string | null;
  category: MessageCategory;
  content: MessageContent;
}

export interface DecideSendInput {
  request: SendRequest;
  policy: FrequencyPolicy;
  consents: ConsentLedger;
  /** The user's counted sends, at least `relevantHistoryWindow(policy)` back. */
  sent: SentRecord[];
  now: Date;
  /** The user's IANA time zone (see resolveTimeZone). */
  timeZone: string;
  /** The workspace's settings for the `kr-ad-law` preset. */
  krAdLaw?: KrAdLawConfig;
}

export type SuppressReason = ConsentReason | 'frequency_cap' | 'alimtalk_promotional_refused' | 'compliance_config_missing';
export type DeferReason = 'night_consent_required' | 'quiet_hours' | 'frequency_cap';

export type SendDecision =
  { action: 'send'; content: MessageContent } | { action: 'suppress'; reason: SuppressReason } | { action: 'defer'; until: Date; reason: DeferReason };

/** The user's `timezone` trait when it names a real IANA zone, else the workspace default (the rule every service shares). */
export { resolveTimeZone } from '@cairn/core';

/** Content rules no waiting can fix: AlimTalk refuses ads; kr-ad-law labels ads. */
function checkContent(input: DecideSendInput): SendDecision {
  const { request, policy } = input;
  const alimTalk = checkAlimTalk(request.channelType, request.content, request.category);
  if (!alimTalk.ok) return { action: 'suppress', reason: alimTalk.reason };
  if (policy.compliance !== 'kr-ad-law') return { action: 'send', content: request.content };
  const labelled = labelAdvertisement(request.channelType, request.content, request.category, input.krAdLaw);
  return labelled.ok ? { action: 'send', content: labelled.content } : { action: 'suppress', reason: labelled.reason };
}

/**
 * Decides what happens to one message now. The checks run in this order and
 * the first that objects wins:
 *
 * 0. content rules: AlimTalk refuses promotional content; under `kr-ad-law`
 *    promotional content is labelled, and suppressed if the workspace lacks a
 *    sender name or opt-out line;
 * 1. consent (suppress: no_consent, consent_withdrawn, consent_lapsed);
 * 2. the compliance night rule (defer to 08:00 KST: night_consent_required);
 * 3. quiet hours in the user's time zone (defer to their end: quiet_hours);
 * 4. frequency caps (`drop`: suppress frequency_cap; `defer`: defer to when the
 *    binding window frees).
 *
 * A deferred message must be decided again at `until` with the state of that
 * moment, so a consent withdrawn in between suppresses it, and a later check
 * may defer it again.
 */
export function decideSend(input: DecideSendInput): SendDecision {
  const { request, policy, now } = input;
  const content = checkContent(input);
  if (content.action !== 'send') return content;

  const consent = checkConsent(input.consents, request, now, policy.compliance);
  if (!consent.ok) return { action: 'suppress', reason: consent.reason };

  if (policy.compliance === 'kr-ad-law') {
    const night = checkNightRule(input.consents, request, now);
    if (!night.ok) return { action: 'defer', until: night.until, reason: night.reason };
  }

  const quiet = checkQuietHours(policy.quietHours, request.category, now, input.timeZone);
  if (quiet.quiet) return { action: 'defer', until: quiet.until, reason: quiet.reason };

  const cap = checkFrequency(policy, request, input.sent, now, input.timeZone);
  if (!cap.allowed) {
    return policy.whenCapped === 'defer' ? { action: 'defer', until: cap.retryAt, reason: 'frequency_cap' } : { action: 'suppress', reason: 'frequency_cap' };
  }
  return content;
}
