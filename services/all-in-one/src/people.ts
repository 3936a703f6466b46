import { ServiceName, SERVICE_NAMES } from '@cairn/config';
import { IncomingMessage, ServerResponse } from 'node:http';
import { forwardedHeaders, send } from './proxy';

/**
 * The person in one call, on the front door (all-in-one) and the console's
 * server (distributed): `GET /v1/users/:userId` (the person whole),
 * `GET /v1/users/:userId/erasure` (each service's completion of an erasure)
 * and `GET /v1/users/:userId/export` (everything Cairn holds), each answered
 * from the parts the services serve under the same prefix, asked with the
 * caller's key. `DELETE /v1/users/:userId` is routed to segments (routes.ts).
 */
export type PeopleCall = { userId: string; part: 'person' | 'erasure' | 'export' };

const PATH = /^\/v1\/users\/([^/]+)(?:\/(erasure|export))?$/;

/** The aggregated call a request names, if it does (GET only). */
export function peopleCall(method: string | undefined, path: string): PeopleCall | undefined {
  if (method !== 'GET') return undefined;
  const m = PATH.exec(path);
  if (!m) return undefined;
  let userId: string;
  try {
    userId = decodeURIComponent(m[1]);
  } catch {
    return undefined; // the service's own check answers it (routes.ts)
  }
  return { userId, part: (m[2] as 'erasure' | 'export' | undefined) ?? 'person' };
}

/** The number of newest delivery-log entries in the person (the log's page maximum is 200). */
export const PERSON_MESSAGES = 100;

interface Answer {
  status: number;
  body: unknown;
}

class Upstream {
  constructor(
    private readonly upstreams: Record<ServiceName, string>,
    private readonly headers: Record<string, string>,
    private readonly timeoutMs: number,
  ) {}

  async get(service: ServiceName, path: string): Promise<Answer> {
    const res = await fetch(`${this.upstreams[service]}${path}`, { headers: this.headers, signal: AbortSignal.timeout(this.timeoutMs) });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = { code: 'UPSTREAM_INVALID', message: `the ${service} service answered something other than JSON` };
    }
    return { status: res.status, body };
  }
}

/** A failed part: its answer, passed on (401, 404, 400 ...). */
class PartFailed extends Error {
  constructor(readonly answer: Answer) {
    super('part failed');
  }
}

const ok = (a: Answer) => {
  if (a.status < 200 || a.status >= 300) throw new PartFailed(a);
  return a.body as Record<string, unknown>;
};

const path = (id: string, rest = '') => `/v1/users/${encodeURIComponent(id)}${rest}`;

async function person(up: Upstream, requested: string): Promise<Answer> {
  const identity = ok(await up.get('segments', path(requested, '/identity'))) as { userId: string };
  const userId = identity.userId;
  const [profile, segments, journeys, consents, log] = await Promise.all([
    up.get('segments', path(userId, '/profile')),
    up.get('segments', path(userId, '/segments')),
    up.get('journeys', path(userId, '/journeys')),
    up.get('messaging', path(userId, '/consents')),
    up.get('messaging', `/v1/messages/search?userId=${encodeURIComponent(userId)}&limit=${PERSON_MESSAGES}`),
  ]);
  const known = profile.status === 404 ? undefined : ok(profile);
  const runs = ok(journeys) as unknown as unknown[];
  const messages = (ok(log).messages ?? []) as unknown[];
  const consent = ok(consents) as { channels?: Record<string, unknown>; history?: unknown[] };
  if (!known && runs.length === 0 && messages.length === 0 && Object.keys(consent.channels ?? {}).length === 0) {
    return { status: 404, body: { code: 'NOT_FOUND', message: `user ${JSON.stringify(requested)} was not found` } };
  }
  const identities = (known?.identities ?? []) as Array<{ id: string; kind?: string; linkedAt: string }>;
  const of = (kind: string) => identities.filter((i) => (i.kind ?? 'anonymous') === kind).map((i) => ({ id: i.id, linkedAt: i.linkedAt }));
  return {
    status: 200,
    body: {
      userId,
      ...(userId !== requested && { requestedId: requested }),
      traits: known?.traits ?? {},
      identities: { anonymousIds: of('anonymous'), aliases: of('alias') },
      events: known?.events ?? [],
      totals: known?.totals ?? {},
      segments: ok(segments).segments ?? [],
      journeys: runs,
      consents: { channels: consent.channels ?? {}, history: consent.history ?? [] },
      messages,
      updatedAt: known?.updatedAt ?? null,
    },
  };
}

async function erasure(up: Upstream, userId: string): Promise<Answer> {
  const parts = await Promise.all(SERVICE_NAMES.map(async (s) => [s, ok(await up.get(s, path(userId, `/erasure/${s}`)))] as const));
  const services = Object.fromEntries(parts.map(([s, p]) => [s, { status: p.status, ...(p.completedAt ? { completedAt: p.completedAt } : {}) }]));
  const known = parts.map(([, p]) => p).filter((p) => p.status === 'completed');
  if (known.length === 0) return { status: 404, body: { code: 'NOT_FOUND', message: `no erasure of ${JSON.stringify(userId)} is known` } };
  // The latest request any service knows; a service that has not completed that one yet is pending.
  const latest = known.reduce((a, b) => (String(b.requestedAt) > String(a.requestedAt) ? b : a));
  for (const [s, p] of parts) if (p.erasureId !== latest.erasureId) services[s] = { status: 'pending' };
  const complete = parts.every(([, p]) => p.erasureId === latest.erasureId);
  return {
    status: 200,
    body: {
      userId,
      erasureId: latest.erasureId,
      requestedAt: latest.requestedAt,
      suppress: latest.suppress,
      status: complete ? 'completed' : 'pending',
      services,
    },
  };
}

async function exported(up: Upstream, requested: string): Promise<Answer> {
  const identity = ok(await up.get('segments', path(requested, '/identity'))) as { userId: string; ids: string[] };
  const services = ['segments', 'journeys', 'messaging'] as const;
  const [parts, pending] = await Promise.all([
    Promise.all(services.map(async (s) => [s, ok(await up.get(s, path(identity.userId, `/export/${s}`)))] as const)),
    // The events service keeps no identity links: its part is asked for under each id of the person.
    Promise.all(identity.ids.slice(0, 100).map(async (id) => (ok(await up.get('events', path(id, '/export/events'))).pendingEvents ?? []) as unknown[])),
  ]);
  const events = { service: 'events', ids: identity.ids, pendingEvents: pending.flat() };
  return {
    status: 200,
    body: { userId: identity.userId, ids: identity.ids, exportedAt: new Date().toISOString(), services: { events, ...Object.fromEntries(parts) } },
  };
}

const PARTS = { person, erasure, export: exported };

/** Answers an aggregated people call from the services' parts; a part that fails answers for the whole. */
export function answerPeople(req: IncomingMessage, res: ServerResponse, call: PeopleCall, upstreams: Record<ServiceName, string>, timeoutMs: number): void {
  const headers = Object.fromEntries(
    Object.entries(forwardedHeaders(req)).flatMap(([k, v]) =>
      ['authorization', 'x-forwarded-for'].includes(k) && v !== undefined ? [[k, Array.isArray(v) ? v.join(', ') : v]] : [],
    ),
  );
  PARTS[call.part](new Upstream(upstreams, headers, timeoutMs), call.userId).then(
    (answer) => send(res, answer.status, answer.body),
    (error: unknown) => {
      if (error instanceof PartFailed) return send(res, error.answer.status, error.answer.body);
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      send(
        res,
        timedOut ? 504 : 502,
        timedOut
          ? { code: 'UPSTREAM_TIMEOUT', message: `a service did not answer within ${timeoutMs / 1000} s` }
          : { code: 'UPSTREAM_UNAVAILABLE', message: 'a service behind this path is not answering' },
      );
    },
  );
}
