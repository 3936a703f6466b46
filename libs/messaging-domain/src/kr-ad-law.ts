import { isInLocalWindow, localWindowEnd } from '@cairn/core';
import { checkConsentFlag, ConsentLedger } from './consent';
import { ContentChannel, EmailContent, isAlimTalk, KakaoContent, MessageContent, PushContent, TextContent } from './content';
import { MessageCategory } from './frequency-policy';

/**
 * The Korean advertising preset (정보통신망법 §50): advertising needs prior
 * opt-in (see consent.ts), a separate consent for 21:00-08:00 KST, the "(광고)"
 * label, the sender's name and a free opt-out; consent is re-confirmed every
 * two years. AlimTalk carries informational messages only.
 */
export const KR_AD_NIGHT = { start: '21:00', end: '08:00', timeZone: 'Asia/Seoul' } as const;
export const AD_LABEL = '(광고)';

/** The workspace's settings for the preset (from its config). */
export interface KrAdLawConfig {
  /** The sender's name as shown to recipients, e.g. "카른상점". */
  senderName: string;
  /** Free opt-out number; the default opt-out line is "무료수신거부 <number>". */
  optOutPhone?: string;
  /** Opt-out line for every labelled channel; overrides the default built from optOutPhone. */
  optOutText?: string;
  /** Opt-out line per channel, e.g. for push: "수신거부: 앱 설정 > 알림". */
  optOutTextByChannel?: Partial<Record<ContentChannel, string>>;
}

/** Channels whose promotional content gets the label, the sender name and the opt-out line. */
export const LABELLED_CHANNELS: readonly ContentChannel[] = ['sms', 'lms', 'kakao', 'push', 'email'];

export type NightVerdict = { ok: true } | { ok: false; until: Date; reason: 'night_consent_required' };
export type LabelResult = { ok: true; content: MessageContent } | { ok: false; reason: 'compliance_config_missing' };
export type AlimTalkVerdict = { ok: true } | { ok: false; reason: 'alimtalk_promotional_refused' };

/**
 * Promotional sends between 21:00 (inclusive) and 08:00 (exclusive) Asia/Seoul
 * need night-time consent on that channel (granted, not withdrawn, re-confirmed
 * within two years); without it they wait until 08:00 KST.
 */
export function checkNightRule(consents: ConsentLedger, request: { channel: string; category: MessageCategory }, now: Date): NightVerdict {
  if (request.category !== 'promotional') return { ok: true };
  const { start, end, timeZone } = KR_AD_NIGHT;
  if (!isInLocalWindow(now, start, end, timeZone)) return { ok: true };
  const channel = Object.prototype.hasOwnProperty.call(consents, request.channel) ? consents[request.channel] : undefined;
  if (checkConsentFlag(channel?.night, now, 'kr-ad-law').ok) return { ok: true };
  const until = localWindowEnd(now, start, end, timeZone) as Date;
  return { ok: false, until, reason: 'night_consent_required' };
}

/** AlimTalk is for informational messages: promotional content is refused. */
export function checkAlimTalk(channel: ContentChannel, content: MessageContent, category: MessageCategory): AlimTalkVerdict {
  if (category === 'promotional' && isAlimTalk(channel, content)) return { ok: false, reason: 'alimtalk_promotional_refused' };
  return { ok: true };
}

/** The opt-out line for `channel`, or undefined when the config gives none. */
export function optOutLine(config: KrAdLawConfig | undefined, channel: ContentChannel): string | undefined {
  const line = config?.optOutTextByChannel?.[channel] ?? config?.optOutText ?? (config?.optOutPhone ? `무료수신거부 ${config.optOutPhone}` : undefined);
  return line?.trim() ? line.trim() : undefined;
}

function labelled(text: string): string {
  return text.startsWith(AD_LABEL) ? text : `${AD_LABEL} ${text}`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function labelText(text: string, sender: string, optOut: string): string {
  const body = text.startsWith(AD_LABEL) ? text : `${AD_LABEL} ${sender}\n${text}`;
  return body.includes(optOut) ? body : `${body}\n${optOut}`;
}

// Labelling is idempotent: content labelled once (a reserved send deferred again) comes back unchanged.
function labelEmail(content: EmailContent, sender: string, optOut: string): EmailContent {
  const out: EmailContent = { ...content, subject: labelled(content.subject) };
  const textFooter = `\n\n${sender}\n${optOut}`;
  if (content.text !== undefined) out.text = content.text.endsWith(textFooter) ? content.text : `${content.text}${textFooter}`;
  if (content.html !== undefined) {
    const footer = `<p>${escapeHtml(sender)}<br>${escapeHtml(optOut)}</p>`;
    if (!content.html.includes(footer)) {
      out.html = /<\/body>/i.test(content.html) ? content.html.replace(/<\/body>/i, `${footer}</body>`) : `${content.html}${footer}`;
    }
  }
  return out;
}

function labelPush(content: PushContent, sender: string, optOut: string): PushContent {
  const footer = `\n${sender} · ${optOut}`;
  return { title: labelled(content.title), body: content.body.endsWith(footer) ? content.body : `${content.body}${footer}` };
}

/**
 * Adds the "(광고)" label, the sender name and the opt-out line to rendered
 * promotional content on sms, lms, kakao (FriendTalk / brand message), push
 * and email. Other channels and transactional content come back unchanged.
 * Without a sender name or an opt-out line the message must not go out.
 */
export function labelAdvertisement(
  channel: ContentChannel,
  content: MessageContent,
  category: MessageCategory,
  config: KrAdLawConfig | undefined,
): LabelResult {
  if (category !== 'promotional' || !LABELLED_CHANNELS.includes(channel)) return { ok: true, content };
  const sender = config?.senderName?.trim();
  const optOut = optOutLine(config, channel);
  if (!sender || !optOut) return { ok: false, reason: 'compliance_config_missing' };
  switch (channel) {
    case 'email':
      return { ok: true, content: labelEmail(content as EmailContent, sender, optOut) };
    case 'push':
      return { ok: true, content: labelPush(content as PushContent, sender, optOut) };
    case 'kakao': {
      const kakao = content as KakaoContent;
      return { ok: true, content: { ...kakao, text: labelText(kakao.text, sender, optOut) } };
    }
    default: {
      const sms = content as TextContent;
      return { ok: true, content: { ...sms, text: labelText(sms.text, sender, optOut) } };
    }
  }
}
