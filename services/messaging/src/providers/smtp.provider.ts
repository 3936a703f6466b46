import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import nodemailer from 'nodemailer';
import Mail from 'nodemailer/lib/mailer';
import { SmtpConfig } from '../channels/smtp-config';
import { EmailContent } from '@cairn/messaging-domain';
import { allowanceOf } from '../egress/address-guard';
import { MessageProvider, ProviderError, ProviderMessage } from './provider';
import { checkedAddress, tooSlow } from './safe-http';

export const SMTP_IDEMPOTENCY_HEADER = 'X-Cairn-Idempotency-Key';

/** A Message-ID derived from the idempotency key, so a relay or inbox can spot a repeat. */
export function messageIdFor(idempotencyKey: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@cairn.messaging>`;
}

/**
 * The idempotency key, and for a promotional message with an unsubscribe link
 * the one-click unsubscribe of RFC 8058 (`List-Unsubscribe` with the HTTPS
 * link, `List-Unsubscribe-Post: List-Unsubscribe=One-Click`).
 */
function headersFor(message: ProviderMessage): Record<string, string> {
  const headers: Record<string, string> = { [SMTP_IDEMPOTENCY_HEADER]: message.idempotencyKey };
  if (message.category === 'promotional' && message.unsubscribeUrl) {
    headers['List-Unsubscribe'] = `<${message.unsubscribeUrl}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return headers;
}

function classify(error: unknown, timeoutMs: number): ProviderError {
  const e = error as { responseCode?: number; code?: string; message?: string; name?: string };
  if (e.name === 'AbortError' || e.code === 'ABORT_ERR') return tooSlow(timeoutMs);
  if (typeof e.responseCode === 'number' && e.responseCode >= 500) {
    return new ProviderError('provider_rejected', `the SMTP server answered ${e.responseCode}`, false);
  }
  return new ProviderError('provider_unavailable', `SMTP ${e.code ?? 'error'}: ${e.message ?? String(error)}`, true);
}

/**
 * Sends email through an SMTP relay with nodemailer. The relay's host is
 * resolved and checked like a webhook's (TLS still verifies the configured
 * name); the recipient is the user's `email` trait. One deadline (`timeoutMs`)
 * covers the whole attempt: resolving, connecting, the greeting and every
 * answer up to the relay's acceptance; the connection is closed when it passes.
 */
export class SmtpProvider implements MessageProvider {
  readonly type = 'smtp';

  /** `operatorAllows`: the operator's `egress.allowPrivate`. */
  constructor(private readonly operatorAllows: readonly string[] = []) {}

  async send(message: ProviderMessage): Promise<void> {
    const config = message.channel.config as unknown as SmtpConfig;
    const to = message.user.email;
    if (typeof to !== 'string' || !to.includes('@')) throw new ProviderError('recipient_missing', 'the user has no email trait', false);
    const timeout = config.timeoutMs ?? 10_000;
    const deadline = performance.now() + timeout;
    const target = await checkedAddress(config.host, allowanceOf(config.allowedAddresses ?? [], this.operatorAllows), deadline, timeout);
    const transport = nodemailer.createTransport({
      host: target.address,
      port: config.port,
      secure: config.secure ?? false,
      requireTLS: config.requireTls ?? false,
      auth: config.auth,
      // The certificate is checked against the configured name, not the checked address connected to (an IP literal is its own name).
      tls: { ...(isIP(config.host) ? {} : { servername: config.host }), ...(config.tlsCa ? { ca: config.tlsCa } : {}) },
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    const content = message.content as EmailContent;
    try {
      // nodemailer ends the attempt and closes its connection when the signal aborts.
      const signal = AbortSignal.timeout(Math.max(1, Math.round(deadline - performance.now())));
      await transport.sendMail({
        from: config.from,
        to,
        subject: content.subject,
        text: content.text,
        html: content.html,
        messageId: messageIdFor(message.idempotencyKey),
        headers: headersFor(message),
        signal,
      } as Mail.Options & { signal: AbortSignal });
    } catch (error) {
      throw classify(error, timeout);
    } finally {
      transport.close();
    }
  }
}
