import { CairnConfig } from '@cairn/config';
import type { CouponPool } from '@cairn/journeys-domain';
import { CONFIG, DATA_SOURCE } from '@cairn/runtime';
import type { Resource } from '@cairn/simulator';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LOOKUP_TIMEOUT_MS } from '../refs/service-lookup';
import { SimulationForbidden, SimulationUnavailable } from './trial-errors';
import { TrialCouponRepository } from './trial-coupon.repository';

/** The free codes of a list pool a simulation may give out (it takes none). */
const LIST_CODES_READ = 10_000;

type Service = 'segments' | 'messaging';

/**
 * What a simulation of one of the workspace's journeys runs against: the
 * workspace's real segments (the segments service), templates, channels and
 * frequency policy (messaging), read over their public HTTP APIs with the
 * caller's admin key as journeys' reference checks do (see refs/), and its
 * coupon pools from journeys' own tables. Nothing is changed anywhere.
 */
@Injectable()
export class WorkspaceResources {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: CairnConfig,
  ) {}

  async read(workspaceId: string, authorization: string | undefined): Promise<Resource[]> {
    const [segments, templates, channels, policy, pools] = await Promise.all([
      this.list('segments', '/v1/segments', 'segments', authorization),
      this.list('messaging', '/v1/templates', 'templates', authorization),
      this.list('messaging', '/v1/channels', 'channels', authorization),
      this.get('messaging', '/v1/frequency-policy', authorization),
      this.couponPools(workspaceId),
    ]);
    const pick = (value: unknown, keys: string[]) =>
      Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([k, v]) => keys.includes(k) && v !== null && v !== undefined));
    return [
      ...segments.map((s): Resource => ({ kind: 'segment', body: pick(s, ['key', 'name', 'description', 'condition']) })),
      ...templates.map((t): Resource => ({ kind: 'template', body: pick(t, ['key', 'channel', 'content', 'category', 'locale']) })),
      // Only the key and type count for a simulation; the configuration (with its write-only fields left out) is not checked here.
      ...channels.map((c): Resource => ({ kind: 'channel', body: pick(c, ['key', 'type']) })),
      { kind: 'frequencyPolicy', body: policy },
      ...pools,
    ];
  }

  private async couponPools(workspaceId: string): Promise<Resource[]> {
    const repo = new TrialCouponRepository(this.dataSource.manager);
    const pools: CouponPool[] = await repo.pools(workspaceId);
    const out: Resource[] = [];
    for (const pool of pools) {
      const codes = pool.mode === 'list' ? await repo.freeCodes(workspaceId, pool.key, LIST_CODES_READ) : [];
      out.push({ kind: 'couponPool', key: pool.key, body: { mode: pool.mode, prefix: pool.prefix, length: pool.length, ...(codes.length ? { codes } : {}) } });
    }
    return out;
  }

  private async list(service: Service, path: string, field: string, authorization: string | undefined): Promise<unknown[]> {
    const body = (await this.get(service, path, authorization)) as Record<string, unknown>;
    const items = body?.[field];
    if (!Array.isArray(items)) throw new SimulationUnavailable(service, `its answer to ${path} has no ${field} list`);
    return items;
  }

  private async get(service: Service, path: string, authorization: string | undefined): Promise<unknown> {
    const base = this.config.services?.[service];
    if (!base) throw new SimulationUnavailable(service, 'no URL for it in the services object of the CAIRN_CONFIG file');
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, { headers: authorization ? { authorization } : {}, signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) });
    } catch (error) {
      throw new SimulationUnavailable(service, (error as Error).name === 'TimeoutError' ? `no answer within ${LOOKUP_TIMEOUT_MS} ms` : 'no connection');
    }
    if (!response.ok) await response.body?.cancel().catch(() => undefined);
    if (response.status === 401 || response.status === 403) throw new SimulationForbidden(service, response.status);
    if (!response.ok) throw new SimulationUnavailable(service, `it answered ${response.status} to ${path}`);
    const parsed = await response.json().catch(() => undefined);
    if (parsed === undefined) throw new SimulationUnavailable(service, `its answer to ${path} is not JSON`);
    return parsed;
  }
}
