/** What the server holds, read through the same REST APIs the files are applied with. */
import type { JourneyDefinition } from '@cairn/journeys-domain';
import { CairnClient, pathKey } from './client';

export interface RemoteSegment {
  key: string;
  name: string;
  description?: string;
  condition: unknown;
}

export interface RemoteJourney {
  key: string;
  status: string;
  /** The published version new runs start on; null before the first publish. */
  version: number | null;
  draft: JourneyDefinition;
  /** The current version's definition, when there is one. */
  published?: JourneyDefinition;
}

export interface RemoteTemplate {
  key: string;
  channel: string;
  content: unknown;
  category?: string;
  locale?: string;
}

export interface RemoteChannel {
  key: string;
  type: string;
  config: Record<string, unknown>;
  /** Write-only fields (`config.secret`) and whether each is `set`, `unset` or `unreadable`. */
  writeOnly: Record<string, string>;
}

export interface RemoteCouponPool {
  key: string;
  mode: 'generated' | 'list';
  prefix: string;
  length: number;
  available: number | null;
  assigned: number;
}

export interface RemoteState {
  segments: Map<string, RemoteSegment>;
  journeys: Map<string, RemoteJourney>;
  /** By `key` + NUL + locale (empty for the variant without one), in the server's order. */
  templates: Map<string, RemoteTemplate>;
  channels: Map<string, RemoteChannel>;
  couponPools: Map<string, RemoteCouponPool>;
  /** False when the server has no list of coupon pools (then only the pools named in the files were read). */
  couponPoolsListed: boolean;
  policy: Record<string, unknown>;
}

export function templateId(key: string, locale: string | undefined): string {
  return `${key}\u0000${locale ?? ''}`;
}

function pick<T extends object>(value: T, keys: readonly (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) if (value[k] !== undefined && value[k] !== null) out[k] = value[k];
  return out;
}

async function readJourneys(client: CairnClient): Promise<Map<string, RemoteJourney>> {
  const list = await client.request<Array<{ key: string; status: string; version: number | null; definition: JourneyDefinition }>>('GET', '/v1/journeys');
  const out = new Map<string, RemoteJourney>();
  for (const j of list) {
    const journey: RemoteJourney = { key: j.key, status: j.status, version: j.version, draft: j.definition };
    if (j.version !== null) {
      const steps = await client.request<{ definition: JourneyDefinition }>('GET', `/v1/journeys/${pathKey(j.key)}/versions/${j.version}/steps`);
      journey.published = steps.definition;
    }
    out.set(j.key, journey);
  }
  return out;
}

async function readCouponPools(client: CairnClient, named: readonly string[]): Promise<{ pools: Map<string, RemoteCouponPool>; listed: boolean }> {
  const listed = await client.find<{ couponPools: RemoteCouponPool[] }>('/v1/coupon-pools');
  if (listed) return { pools: new Map(listed.couponPools.map((p) => [p.key, p])), listed: true };
  const pools = new Map<string, RemoteCouponPool>();
  for (const key of named) {
    const pool = await client.find<RemoteCouponPool>(`/v1/coupon-pools/${pathKey(key)}`);
    if (pool) pools.set(key, pool);
  }
  return { pools, listed: false };
}

/** Reads the workspace's resources; `couponPools` names the pools to read one by one when the server cannot list them. */
export async function readRemote(client: CairnClient, couponPools: readonly string[] = []): Promise<RemoteState> {
  const [segments, templates, channels, policy] = await Promise.all([
    client.request<{ segments: RemoteSegment[] }>('GET', '/v1/segments'),
    client.request<{ templates: RemoteTemplate[] }>('GET', '/v1/templates'),
    client.request<{ channels: RemoteChannel[] }>('GET', '/v1/channels'),
    client.request<Record<string, unknown>>('GET', '/v1/frequency-policy'),
  ]);
  const pools = await readCouponPools(client, couponPools);
  return {
    segments: new Map(segments.segments.map((s) => [s.key, pick(s, ['key', 'name', 'description', 'condition']) as RemoteSegment])),
    journeys: await readJourneys(client),
    templates: new Map(
      templates.templates.map((t) => [templateId(t.key, t.locale), pick(t, ['key', 'channel', 'content', 'category', 'locale']) as RemoteTemplate]),
    ),
    channels: new Map(channels.channels.map((c) => [c.key, { key: c.key, type: c.type, config: c.config ?? {}, writeOnly: c.writeOnly ?? {} }])),
    couponPools: pools.pools,
    couponPoolsListed: pools.listed,
    policy,
  };
}
