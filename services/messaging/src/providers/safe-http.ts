import { LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, IncomingMessage, OutgoingHttpHeaders, RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Allowance, DestinationRefused, resolveSafeAddress } from '../egress/address-guard';
import { ProviderError } from './provider';

export interface SafePost {
  url: string;
  body: string;
  headers: OutgoingHttpHeaders;
  /** What the channel may reach beyond public addresses (its allowedAddresses within the operator's egress.allowPrivate). */
  allowance: Allowance;
  /** Deadline of the whole attempt: resolving the host, connecting, sending, and the answer's headers and body. */
  timeoutMs: number;
}

/** Keep-alive connections, one pool per checked address: a connection is only ever reused for the address it was opened to. */
const MAX_AGENTS = 256;
const agents = new Map<string, HttpAgent>();

function agentFor(protocol: string, address: string): HttpAgent {
  const key = `${protocol}//${address}`;
  let agent = agents.get(key);
  if (agent) {
    agents.delete(key);
  } else {
    agent = protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    if (agents.size >= MAX_AGENTS) {
      const [oldest, evicted] = agents.entries().next().value!;
      agents.delete(oldest);
      evicted.destroy();
    }
  }
  agents.set(key, agent);
  return agent;
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

export function tooSlow(timeoutMs: number): ProviderError {
  return new ProviderError('provider_unavailable', `no complete answer within ${timeoutMs} ms`, true);
}

/**
 * Resolves and checks a host before `deadline` (performance.now() time): the
 * address to connect to, or a ProviderError (destination_refused, or
 * provider_unavailable when it does not resolve in time).
 */
export async function checkedAddress(host: string, allowance: Allowance, deadline: number, timeoutMs: number): Promise<LookupAddress> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(tooSlow(timeoutMs)), Math.max(0, deadline - performance.now()));
  });
  try {
    return await Promise.race([resolveSafeAddress(host, allowance), late]);
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    if (error instanceof DestinationRefused) throw new ProviderError('destination_refused', error.message, false);
    throw new ProviderError('provider_unavailable', `cannot resolve ${host}: ${(error as Error).message}`, true);
  } finally {
    clearTimeout(timer);
  }
}

/** How much of an answer's body is kept (the rest is read and dropped): enough for any gateway's result. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** A provider's answer: its status and the start of its body (UTF-8). */
export interface ProviderAnswer {
  status: number;
  body: string;
}

/** Sends the request to the checked address and reads the whole answer before the deadline; resolves with its status and body. */
function exchange(url: URL, post: SafePost, target: LookupAddress, deadline: number): Promise<ProviderAnswer> {
  const options: RequestOptions = {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(post.body), ...post.headers },
    lookup: pinnedLookup(target),
    agent: agentFor(url.protocol, target.address),
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<ProviderAnswer>((resolve, reject) => {
    let response: IncomingMessage | undefined;
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error instanceof ProviderError ? error : new ProviderError('provider_unavailable', error.message, true));
    };
    const req = send(url, options, (res) => {
      response = res;
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (chunk: Buffer) => {
        if (kept >= MAX_ANSWER_BYTES) return;
        chunks.push(chunk.subarray(0, MAX_ANSWER_BYTES - kept));
        kept += chunk.length;
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', fail);
    });
    // The deadline covers everything: a server that trickles its headers or body is cut off here.
    const timer = setTimeout(
      () => {
        fail(tooSlow(post.timeoutMs));
        response?.destroy();
        req.destroy();
      },
      Math.max(0, deadline - performance.now()),
    );
    req.on('error', fail);
    req.end(post.body);
  });
}

/**
 * POSTs JSON to a workspace-configured URL: the host is resolved and every
 * address checked first (see address-guard), the connection goes to the checked
 * address (no second lookup to rebind; kept-alive connections are reused only
 * for that address), redirects are never followed, the whole attempt has one
 * deadline (`timeoutMs`: resolving, connecting, the answer's headers and
 * body), and the answer's status is classified. Throws ProviderError.
 */
export async function safePostJson(post: SafePost): Promise<ProviderAnswer> {
  const answer = await safePost(post);
  const error = classifyStatus(answer.status);
  if (error) throw error;
  return answer;
}

/** `safePostJson` without classifying the answer: for a gateway whose answer says more than its status. */
export async function safePost(post: SafePost): Promise<ProviderAnswer> {
  const url = new URL(post.url);
  const deadline = performance.now() + post.timeoutMs;
  const target = await checkedAddress(url.hostname, post.allowance, deadline, post.timeoutMs);
  return exchange(url, post, target, deadline);
}
