import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { SmtpConfig } from '../channels/smtp-config';
import { EmailContent } from '../domain';
import { DestinationRefused, resolveSafeAddress } from './address-guard';
import { MessageProvider, ProviderError, ProviderMessage } from './provider';

export const SMTP_IDEMPOTENCY_HEADER = 'X-Cairn-Idempotency-Key';

/** A Message-ID derived from the idempotency key, so a relay or inbox can spot a repeat. */
export function messageIdFor(idempotencyKey: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@cairn.messaging>`;
}

function classify(error: unknown): ProviderError {
  const e = error as { responseCode?: number; code?: string; message?: string };
  if (typeof e.responseCode === 'number' && e.responseCode >= 500) {
    return new ProviderError('provider_rejected', `the SMTP server answered ${e.responseCode}`, false);
  }
  return new ProviderError('provider_unavailable', `SMTP ${e.code ?? 'error'}: ${e.message ?? String(error)}`, true);
}

/**
 * Sends email through an SMTP relay with nodemailer. The relay's host is
 * resolved and checked like a webhook's (TLS still verifies the configured
 * name); the recipient is the user's `email` trait.
 */
export class SmtpProvider implements MessageProvider {
  readonly type = 'smtp';

  async send(message: ProviderMessage): Promise<void> {
    const config = message.channel.config as unknown as SmtpConfig;
    const to = message.user.email;
    if (typeof to !== 'string' || !to.includes('@')) throw new ProviderError('recipient_missing', 'the user has no email trait', false);
    let target: { address: string };
    try {
      target = await resolveSafeAddress(config.host, config.allowedAddresses ?? []);
    } catch (error) {
      if (error instanceof DestinationRefused) throw new ProviderError('destination_refused', error.message, false);
      throw new ProviderError('provider_unavailable', `cannot resolve ${config.host}`, true);
    }
    const timeout = config.timeoutMs ?? 10_000;
    const transport = nodemailer.createTransport({
      host: target.address,
      port: config.port,
      secure: config.secure ?? false,
      auth: config.auth,
      tls: { servername: config.host },
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    const content = message.content as EmailContent;
    try {
      await transport.sendMail({
        from: config.from,
        to,
        subject: content.subject,
        text: content.text,
        html: content.html,
        messageId: messageIdFor(message.idempotencyKey),
        headers: { [SMTP_IDEMPOTENCY_HEADER]: message.idempotencyKey },
      });
    } catch (error) {
      throw classify(error);
    } finally {
      transport.close();
    }
  }
}
