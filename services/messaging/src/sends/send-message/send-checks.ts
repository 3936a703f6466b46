import { FieldProblem, ValidationFailed } from '@cairn/core';
import { chooseLocaleVariant, MessageCategory, Recipient, SendMessageRequest } from '@cairn/messaging-domain';
import { StoredChannel } from '../../channels/channel.repository';
import { StoredTemplate } from '../../templates/template.repository';
import { RECIPIENT_FIELD, templateFits, templateKindsOf } from '../recipient';

/** What a send refers to, read before anything is recorded. */
export interface SendReferences {
  channels: Map<string, StoredChannel>;
  templates: Map<string, StoredTemplate[]>;
  /** The user's traits with the request's `to` over them. */
  user: Record<string, unknown>;
}

function checkPair(
  refs: SendReferences,
  pair: { channel: string; template: string },
  at: { channel: string; template: string },
  user: Record<string, unknown>,
  p: FieldProblem[],
): void {
  const channel = refs.channels.get(pair.channel);
  const variants = refs.templates.get(pair.template) ?? [];
  if (!channel) p.push({ path: at.channel, message: `unknown channel "${pair.channel}"` });
  if (variants.length === 0) p.push({ path: at.template, message: `unknown template "${pair.template}"` });
  if (!channel || variants.length === 0) return;
  const template = chooseLocaleVariant(variants, user.locale)!;
  if (!templateFits(channel.type, template.channel)) {
    p.push({
      path: at.template,
      message: `is a ${template.channel} template; channel "${channel.key}" (${channel.type}) takes ${templateKindsOf(channel.type)}`,
    });
  }
  const field = RECIPIENT_FIELD[channel.type];
  const address = field ? user[field] : undefined;
  if (field && (typeof address !== 'string' || address.length === 0)) {
    p.push({ path: `to.${field}`, message: `the user has no ${field} trait for channel "${channel.key}"; give to.${field}` });
  }
}

/**
 * Everything a send can be refused for before anything is recorded: an
 * unknown channel or template (its own or its fallback's), a template the
 * channel cannot carry, a missing recipient address, and no category (from
 * the request or the template). Returns the category; throws ValidationFailed
 * naming every field at fault.
 */
export function checkSend(request: SendMessageRequest, refs: SendReferences): MessageCategory {
  const p: FieldProblem[] = [];
  checkPair(refs, request, { channel: 'channel', template: 'template' }, refs.user, p);
  if (request.fallback) checkPair(refs, request.fallback, { channel: 'fallback.channel', template: 'fallback.template' }, refs.user, p);
  const template = chooseLocaleVariant(refs.templates.get(request.template) ?? [], refs.user.locale);
  const category = request.category ?? template?.category;
  if (!category && template) p.push({ path: 'category', message: `is required: template "${request.template}" names none` });
  if (category === 'promotional' && request.fallback) {
    p.push({ path: 'fallback', message: 'is for informational messages only (AlimTalk carries no advertising); a promotional message names none' });
  }
  const unique = p.filter((problem, i) => p.findIndex((o) => o.path === problem.path) === i);
  if (unique.length > 0) throw new ValidationFailed(unique);
  return category!;
}

/** The user's traits with the request's addresses over them. */
export function recipientTraits(traits: Record<string, unknown> | undefined, to: Recipient | undefined): Record<string, unknown> {
  return { ...(traits ?? {}), ...(to ?? {}) };
}

/** Whether `to` alone gives every address the send needs (then the user's traits are not required). */
export function toSuffices(request: SendMessageRequest, channels: Map<string, StoredChannel>): boolean {
  return [request.channel, request.fallback?.channel].every((key) => {
    const type = key === undefined ? undefined : channels.get(key)?.type;
    const field = type ? RECIPIENT_FIELD[type] : undefined;
    return !field || typeof request.to?.[field] === 'string';
  });
}
