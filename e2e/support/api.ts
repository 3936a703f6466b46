import { ServiceName } from '@cairn/config';
import { waitFor } from '@cairn/testing';
import { Stack } from './stack';
import { ScenarioWorkspace } from './workspaces';

/** One entry of `GET /v1/messages` (docs/design.md §7, delivery log). */
export interface MessageEntry {
  id: string;
  userId: string;
  journey: string | null;
  step: string | null;
  channel: string;
  template: string;
  category: string;
  status: 'PENDING' | 'SENDING' | 'SENT' | 'FAILED' | 'SUPPRESSED' | 'DEFERRED';
  reason: string | null;
  content: { text?: string } & Record<string, unknown>;
  createdAt: string;
  sentAt: string | null;
  deferredUntil: string | null;
}

export interface UserRun {
  journey: { key: string };
  status: string;
  step: string | null;
  exitReason: string | null;
}

/** A scenario's view of Cairn: the public HTTP API of one workspace, nothing else. */
export class WorkspaceApi {
  constructor(
    private readonly stack: Stack,
    readonly workspace: ScenarioWorkspace,
  ) {}

  async request<T = unknown>(service: ServiceName, method: string, path: string, body?: unknown, key = this.workspace.adminKey): Promise<T> {
    const response = await fetch(`${this.stack.url(service)}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A call on the person whole (GET /v1/users/:userId, /erasure, /export), answered by the front door or the console's server. */
  async people<T = unknown>(method: string, path: string): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.stack.frontDoor()}${path}`, { method, headers: { authorization: `Bearer ${this.workspace.adminKey}` } });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** The stack's database, for checks no API can make (what an erasure left behind). */
  get databaseUrl(): string {
    if (!this.stack.databaseUrl) throw new Error(`the ${this.stack.mode} stack names no database`);
    return this.stack.databaseUrl;
  }

  /** A batch of events as an SDK sends it (write key). */
  batch(batch: Array<Record<string, unknown>>): Promise<unknown> {
    return this.request('events', 'POST', '/v1/batch', { batch }, this.workspace.writeKey);
  }

  // ingest (write key)
  track(userId: string, event: string, properties: Record<string, unknown> = {}): Promise<unknown> {
    return this.request('events', 'POST', '/v1/track', { userId, event, properties }, this.workspace.writeKey);
  }

  identify(userId: string, traits: Record<string, unknown>): Promise<unknown> {
    return this.request('events', 'POST', '/v1/identify', { userId, traits }, this.workspace.writeKey);
  }

  /** A track of a visitor known only by the anonymous id the browser gave them. */
  trackAnonymous(anonymousId: string, event: string, properties: Record<string, unknown> = {}): Promise<unknown> {
    return this.request('events', 'POST', '/v1/track', { anonymousId, event, properties }, this.workspace.writeKey);
  }

  /** The sign-in: an identify with both ids, which merges the anonymous visitor into the user. */
  signIn(userId: string, anonymousId: string, traits: Record<string, unknown> = {}): Promise<unknown> {
    return this.request('events', 'POST', '/v1/identify', { userId, anonymousId, traits }, this.workspace.writeKey);
  }

  catalogEvent(event: string, itemId: string, properties: Record<string, unknown> = {}): Promise<unknown> {
    return this.request('events', 'POST', '/v1/catalog/events', { event, itemId, properties }, this.workspace.writeKey);
  }

  // management (admin key)
  consent(userId: string, channels: Record<string, { advertising?: boolean; night?: boolean }>): Promise<unknown> {
    return this.request('messaging', 'PUT', `/v1/users/${encodeURIComponent(userId)}/consents`, { channels, source: 'e2e' });
  }

  channel(key: string): Promise<unknown> {
    return this.request('messaging', 'POST', '/v1/channels', { key, type: 'log', config: {} });
  }

  template(key: string, text: string, category: 'promotional' | 'transactional' = 'promotional'): Promise<unknown> {
    return this.request('messaging', 'POST', '/v1/templates', { key, channel: 'log', category, content: { text } });
  }

  policy(policy: Record<string, unknown>): Promise<unknown> {
    return this.request('messaging', 'PUT', '/v1/frequency-policy', policy);
  }

  segment(definition: Record<string, unknown>): Promise<unknown> {
    return this.request('segments', 'POST', '/v1/segments', definition);
  }

  lifecycle(thresholds: Record<string, unknown>): Promise<unknown> {
    return this.request('segments', 'POST', '/v1/segments/lifecycle', thresholds);
  }

  couponPool(key: string, pool: Record<string, unknown>): Promise<unknown> {
    return this.request('journeys', 'PUT', `/v1/coupon-pools/${encodeURIComponent(key)}`, pool);
  }

  /** Creates the journey and publishes it. */
  async journey(definition: Record<string, unknown>): Promise<void> {
    await this.request('journeys', 'POST', '/v1/journeys', definition);
    await this.request('journeys', 'POST', `/v1/journeys/${encodeURIComponent(definition.key as string)}/publish`);
  }

  // observation
  /** The user's delivery log, oldest first. */
  async messages(userId: string): Promise<MessageEntry[]> {
    const { messages } = await this.request<{ messages: MessageEntry[] }>('messaging', 'GET', `/v1/messages?userId=${encodeURIComponent(userId)}`);
    return messages.reverse();
  }

  async segments(userId: string): Promise<string[]> {
    const answer = await this.request<{ segments: Array<{ key: string }> } | Array<{ key: string }>>(
      'segments',
      'GET',
      `/v1/users/${encodeURIComponent(userId)}/segments`,
    );
    return (Array.isArray(answer) ? answer : answer.segments).map((s) => s.key).sort();
  }

  runs(userId: string): Promise<UserRun[]> {
    return this.request<UserRun[]>('journeys', 'GET', `/v1/users/${encodeURIComponent(userId)}/journeys`);
  }

  /** Waits until the user's delivery log satisfies `done` with no message still on its way (PENDING, SENDING), and returns it. */
  async waitForMessages(userId: string, done: (messages: MessageEntry[]) => boolean, what: string, timeoutMs = 20_000): Promise<MessageEntry[]> {
    let last: MessageEntry[] = [];
    try {
      return await waitFor(
        async () => {
          last = await this.messages(userId);
          return done(last) && last.every(settled) ? last : undefined;
        },
        { timeoutMs, intervalMs: 150, what },
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; ${userId}'s log: ${JSON.stringify(last.map((m) => [m.journey, m.status, m.reason]))}`);
    }
  }

  /** From the segment's explanation: how many `event`s of the user are in its window now (proves segments has seen them). */
  async eventsInWindow(userId: string, segment: string, event: string): Promise<number | undefined> {
    const { segments } = await this.request<{ segments: Array<{ key: string; explanation?: unknown }> }>(
      'segments',
      'GET',
      `/v1/users/${encodeURIComponent(userId)}/segments?explain=true`,
    );
    const find = (node: unknown): number | undefined => {
      if (typeof node !== 'object' || node === null) return undefined;
      const n = node as { type?: string; condition?: { event?: string }; countInWindow?: number; children?: unknown[]; child?: unknown };
      if (n.type === 'event' && n.condition?.event === event) return n.countInWindow;
      for (const c of [...(n.children ?? []), n.child]) {
        const found = find(c);
        if (found !== undefined) return found;
      }
      return undefined;
    };
    return find(segments.find((s) => s.key === segment)?.explanation);
  }

  waitForSegments(userId: string, done: (keys: string[]) => boolean, what: string, timeoutMs = 20_000): Promise<string[]> {
    return waitFor(
      async () => {
        const keys = await this.segments(userId);
        return done(keys) ? keys : undefined;
      },
      { timeoutMs, intervalMs: 150, what },
    );
  }
}

/** Decided for now: sent, failed, suppressed or deferred. */
export function settled(message: MessageEntry): boolean {
  return message.status !== 'PENDING' && message.status !== 'SENDING';
}
