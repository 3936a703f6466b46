import { createHmac } from 'node:crypto';
import { request as httpRequest, IncomingMessage, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { LookupAddress } from 'node:dns';
import { WebhookConfig } from '../channels/channel';
import { DestinationRefused, resolveSafeAddress } from './address-guard';
import { MessageProvider, ProviderError, ProviderMessage } from './provider';

export const SIGNATURE_HEADER = 'x-cairn-signature';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` */
export function signBody(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

function classify(status: number): ProviderError | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (status >= 300 && status < 400) return new ProviderError('redirect_refused', `the webhook answered ${status}; redirects are not followed`, false);
  const retryable = status === 408 || status === 429 || status >= 500;
  return new ProviderError(retryable ? 'provider_unavailable' : 'provider_rejected', `the webhook answered ${status}`, retryable);
}

/**
 * POSTs the message as JSON, signed with the channel's secret. The host is
 * resolved and checked first (no private, loopback, link-local or metadata
 * address unless allow-listed) and the connection goes to that checked
 * address; redirects are never followed.
 */
export class WebhookProvider implements MessageProvider {
  readonly type = 'webhook';

  constructor(private readonly now: () => Date) {}

  async send(message: ProviderMessage): Promise<void> {
    const config = message.channel.config as unknown as WebhookConfig;
    const url = new URL(config.url);
    let target: { address: string; family: number };
    try {
      target = await resolveSafeAddress(url.hostname, config.allowedAddresses ?? []);
    } catch (error) {
      if (error instanceof DestinationRefused) throw new ProviderError('destination_refused', error.message, false);
      throw new ProviderError('provider_unavailable', `cannot resolve ${url.hostname}: ${(error as Error).message}`, true);
    }
    const body = JSON.stringify({
      id: message.id,
      idempotencyKey: message.idempotencyKey,
      workspaceId: message.workspaceId,
      userId: message.userId,
      channel: message.channel.key,
      template: message.template,
      category: message.category,
      journey: message.journey,
      content: message.content,
    });
    const signature = signBody(config.secret, body, Math.floor(this.now().getTime() / 1000));
    const status = await this.post(url, target, body, signature, message.idempotencyKey, config.timeoutMs ?? 5000);
    const error = classify(status);
    if (error) throw error;
  }

  private post(url: URL, target: { address: string; family: number }, body: string, signature: string, key: string, timeoutMs: number): Promise<number> {
    const options: RequestOptions = {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        [SIGNATURE_HEADER]: signature,
        [IDEMPOTENCY_HEADER]: key,
      },
      lookup: (_host, opts, callback) => {
        const pinned: LookupAddress = { address: target.address, family: target.family };
        if ((opts as { all?: boolean }).all) (callback as (e: null, a: LookupAddress[]) => void)(null, [pinned]);
        else (callback as (e: null, a: string, f: number) => void)(null, pinned.address, pinned.family);
      },
      timeout: timeoutMs,
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, options, (res: IncomingMessage) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', (e) => reject(new ProviderError('provider_unavailable', e.message, true)));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (e) => reject(new ProviderError('provider_unavailable', e.message, true)));
      req.end(body);
    });
  }
}
