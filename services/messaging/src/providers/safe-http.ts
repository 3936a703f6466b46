import { LookupAddress } from 'node:dns';
import { request as httpRequest, IncomingMessage, OutgoingHttpHeaders, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { DestinationRefused, resolveSafeAddress } from './address-guard';
import { ProviderError } from './provider';

export interface SafePost {
  url: string;
  body: string;
  headers: OutgoingHttpHeaders;
  allowedAddresses: string[];
  timeoutMs: number;
}

/** 2xx passes; 3xx (never followed), 4xx other than 408/429 are permanent; 408, 429 and 5xx may pass later. */
export function classifyStatus(status: number): ProviderError | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (status >= 300 && status < 400) return new ProviderError('redirect_refused', `the provider answered ${status}; redirects are not followed`, false);
  const retryable = status === 408 || status === 429 || status >= 500;
  return new ProviderError(retryable ? 'provider_unavailable' : 'provider_rejected', `the provider answered ${status}`, retryable);
}

function pinnedLookup(target: LookupAddress): RequestOptions['lookup'] {
  return (_host, opts, callback) => {
    if ((opts as { all?: boolean }).all) (callback as (e: null, a: LookupAddress[]) => void)(null, [target]);
    else (callback as (e: null, a: string, f: number) => void)(null, target.address, target.family);
  };
}

/**
 * POSTs JSON to a workspace-configured URL: the host is resolved and every
 * address checked first (see address-guard), the connection goes to the checked
 * address (no second lookup to rebind), redirects are never followed, and the
 * answer's status is classified. Throws ProviderError.
 */
export async function safePostJson(post: SafePost): Promise<void> {
  const url = new URL(post.url);
  let target: LookupAddress;
  try {
    target = await resolveSafeAddress(url.hostname, post.allowedAddresses);
  } catch (error) {
    if (error instanceof DestinationRefused) throw new ProviderError('destination_refused', error.message, false);
    throw new ProviderError('provider_unavailable', `cannot resolve ${url.hostname}: ${(error as Error).message}`, true);
  }
  const options: RequestOptions = {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(post.body), ...post.headers },
    lookup: pinnedLookup(target),
    timeout: post.timeoutMs,
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const status = await new Promise<number>((resolve, reject) => {
    const req = send(url, options, (res: IncomingMessage) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', (e) => reject(new ProviderError('provider_unavailable', e.message, true)));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${post.timeoutMs} ms`)));
    req.on('error', (e) => reject(new ProviderError('provider_unavailable', e.message, true)));
    req.end(post.body);
  });
  const error = classifyStatus(status);
  if (error) throw error;
}
