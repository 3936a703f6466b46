import { CairnConfig } from '@cairn/config';
import { Logger } from '@cairn/observability';
import { CONFIG, DATA_SOURCE, LOGGER } from '@cairn/runtime';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CouponRepository } from '../coupons/coupon.repository';
import { JourneyDefinition } from '@cairn/journeys-domain';
import { collectRefs, FoundRefs, RefKeys, validateWithFound } from './collect-refs';
import { existingKeys, KeyLookup } from './service-lookup';

/** Who knows each kind of reference, and where it is listed by key. */
const LOOKUPS = {
  segments: { service: 'segments', path: '/v1/segments', field: 'segments' },
  templates: { service: 'messaging', path: '/v1/templates', field: 'templates' },
  channels: { service: 'messaging', path: '/v1/channels', field: 'channels' },
} as const;

type RemoteKind = keyof typeof LOOKUPS;

/** Whose admin key asks, and for which workspace. */
export interface RefCaller {
  workspaceId: string;
  /** The caller's Authorization header, forwarded to the other services. */
  authorization?: string;
}

/**
 * Checks that what a journey references exists: segments in the segments
 * service, templates and channels in messaging (over their HTTP APIs, with the
 * caller's admin key, one look-up per kind), coupon pools in journeys' own
 * tables. A kind whose service has no URL in the `services` configuration is
 * not checked (logged once at boot).
 */
@Injectable()
export class JourneyReferences implements OnModuleInit {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const off = (Object.keys(LOOKUPS) as RemoteKind[]).filter((kind) => !this.baseUrl(kind));
    if (off.length === 0) return;
    const services = [...new Set(off.map((kind) => LOOKUPS[kind].service))];
    this.logger.warn(
      { unchecked: off, services },
      `journey references to ${off.join(', ')} are not checked: no URL for ${services.join(' and ')} in the services object of the CAIRN_CONFIG file`,
    );
  }

  /** Validates one journey body, references included. */
  async validate(caller: RefCaller, body: unknown): Promise<JourneyDefinition> {
    const found = await this.resolve(caller, collectRefs(body));
    return validateWithFound(body, found);
  }

  /** Looks up every collected key, one request (or query) per kind. */
  async resolve(caller: RefCaller, keys: RefKeys): Promise<FoundRefs> {
    const remote = (Object.keys(LOOKUPS) as RemoteKind[]).filter((kind) => this.baseUrl(kind) && keys[kind].size > 0);
    const [pools, ...found] = await Promise.all([
      this.couponPools(caller.workspaceId, [...keys.couponPools]),
      ...remote.map((kind) => existingKeys({ ...LOOKUPS[kind], baseUrl: this.baseUrl(kind)! } as KeyLookup, [...keys[kind]], caller.authorization)),
    ]);
    const result: FoundRefs = { couponPools: pools };
    remote.forEach((kind, i) => (result[kind] = found[i]));
    return result;
  }

  private baseUrl(kind: RemoteKind): string | undefined {
    return this.config.services?.[LOOKUPS[kind].service];
  }

  private async couponPools(workspaceId: string, keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    return new CouponRepository(this.dataSource.manager).existingPools(workspaceId, keys);
  }
}
