import { Ledger } from './ledger';
import { ChaosStack, ServiceName, WORKSPACE } from './stack';

/** How the harness talks to the stack: over REST, as a shop's services and SDKs do. */
export const headers = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

/** A set-up call with the admin key to the first replica; fails the run when refused. */
export async function admin(stack: ChaosStack, service: ServiceName, method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${stack.urls(service)[0]}${path}`, {
    method,
    headers: headers(WORKSPACE.adminKeys[0]),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

/**
 * Sends one request to a running replica of the service, trying the others (as an SDK or a client retries) until it
 * is answered 2xx or the deadline passes; answers the body of the 2xx, or undefined.
 */
export async function call(stack: ChaosStack, service: ServiceName, method: string, path: string, key: string, body?: unknown): Promise<unknown> {
  const deadline = Date.now() + 60_000;
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    const urls = stack.urls(service);
    const url = urls[attempt % Math.max(1, urls.length)];
    if (url) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: headers(key),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      }).catch(() => undefined);
      if (res && res.status >= 200 && res.status < 300) return res.status === 204 ? {} : await res.json().catch(() => ({}));
    }
    await new Promise((r) => setTimeout(r, 250 + 250 * Math.min(attempt, 8)));
  }
  return undefined;
}

/** Posts one event of the user; the ledger keeps what was posted and what was accepted. */
export async function track(
  stack: ChaosStack,
  ledger: Ledger,
  userId: string,
  event: string,
  properties: Record<string, unknown>,
  messageId: string,
): Promise<boolean> {
  ledger.posted(userId, event, messageId);
  const ok = (await call(stack, 'events', 'POST', '/v1/track', WORKSPACE.writeKeys[0], { userId, event, properties, messageId })) !== undefined;
  if (ok) ledger.acceptedEvent(userId, event, messageId);
  return ok;
}

/** Sets the user's advertising consent on the webhook channel (messaging's consent API, the admin key). */
export function consent(stack: ChaosStack, userId: string, advertising: boolean): Promise<unknown> {
  return call(stack, 'messaging', 'PUT', `/v1/users/${userId}/consents`, WORKSPACE.adminKeys[0], { channels: { hook: { advertising } }, source: 'chaos' });
}
