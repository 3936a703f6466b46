import { ContentChannel } from '@cairn/messaging-domain';
import { createHash } from 'node:crypto';

/** The user's trait a message of this kind went to. */
const ADDRESS_TRAIT: Partial<Record<ContentChannel, 'email' | 'phone' | 'pushToken'>> = {
  email: 'email',
  sms: 'phone',
  lms: 'phone',
  kakao: 'phone',
  push: 'pushToken',
};

/**
 * The address a message of this kind goes to, as one string for comparison
 * (an email in lower case, a phone number as its digits), or undefined.
 */
export function addressOf(kind: ContentChannel | null | undefined, user: Record<string, unknown> | undefined): string | undefined {
  const trait = kind ? ADDRESS_TRAIT[kind] : undefined;
  const value = trait ? user?.[trait] : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (trait === 'email') return value.trim().toLowerCase();
  if (trait === 'phone') return value.replace(/\D/g, '');
  return value.trim();
}

/** Suppressed addresses are kept as hashes (per workspace), never as the address. */
export function addressHash(workspaceId: string, address: string): string {
  return createHash('sha256').update(`${workspaceId}\u0000${address}`).digest('hex');
}
