import { ContentChannel, Recipient } from '@cairn/messaging-domain';
import { ChannelType } from '../channels/channel';

/** The user's trait (or `to` field) each kind of channel sends to; none for log and webhook channels. */
export const RECIPIENT_FIELD: Partial<Record<ChannelType, keyof Recipient>> = {
  smtp: 'email',
  'sms-http': 'phone',
  'kakao-http': 'phone',
  'push-http': 'pushToken',
};

/** The kinds of template each kind of channel can carry (`any`: the provider takes any content as it is). */
const TEMPLATE_KINDS: Record<ChannelType, readonly ContentChannel[] | 'any'> = {
  log: 'any',
  webhook: 'any',
  smtp: ['email'],
  'sms-http': ['sms', 'lms'],
  'kakao-http': ['kakao'],
  'push-http': ['push'],
};

/** Whether a template of this kind can go through a channel of this type. */
export function templateFits(channelType: ChannelType, templateKind: ContentChannel): boolean {
  const kinds = TEMPLATE_KINDS[channelType];
  return kinds === 'any' || kinds.includes(templateKind);
}

/** The kinds of template a channel type takes, for messages. */
export function templateKindsOf(channelType: ChannelType): string {
  const kinds = TEMPLATE_KINDS[channelType];
  return kinds === 'any' ? 'any' : kinds.join(' or ');
}
