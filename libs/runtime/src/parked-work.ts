import { CairnConfig, ServiceName, WorkspaceConfig } from '@cairn/config';
import { DomainError, NotFound, ValidationFailed } from '@cairn/core';
import { FailedWorkView, IsolatedPassOptions, listFailedWork, takeFailedWork } from '@cairn/db';
import { OUTBOX_WORK_KIND, requeueOutboxMessage } from '@cairn/kafka';
import { Controller, Get, Inject, Param, Post, Query, Type } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { EntityManager } from 'typeorm';
import { AdminAuth, CurrentWorkspace } from './auth';
import { Platform, PLATFORM } from './platform';

/** One kind of a service's background work whose failing items can be parked, and how an operator's retry releases one. */
export interface ParkedKind {
  kind: string;
  /** Makes the item due again now, within the workspace; false when the item no longer exists. */
  release(m: EntityManager, item: { workspaceId: string; item: string; payload: unknown; now: Date }): Promise<boolean>;
}

export const PARKED_KINDS = Symbol('CAIRN_PARKED_KINDS');

/**
 * How a service's claim loops run an isolated pass (runIsolatedPass): its database and schema, clock, log and the
 * configured retry policy. Takes only what it reads, so a class passes its injected parts:
 * `isolatedPassOptions({ dataSource, schema: 'journeys', logger, clock, config })`.
 */
export function isolatedPassOptions(
  platform: Pick<Platform, 'dataSource' | 'schema' | 'logger' | 'clock'> & { config: Pick<CairnConfig, 'backgroundWork'> },
): IsolatedPassOptions {
  return {
    dataSource: platform.dataSource,
    schema: platform.schema,
    logger: platform.logger,
    now: () => platform.clock.now(),
    policy: platform.config.backgroundWork,
  };
}

/** Every service relays an outbox: a message the bus refused is put back at the end of it. */
export function outboxParkedKind(schema: string): ParkedKind {
  return { kind: OUTBOX_WORK_KIND, release: (m, { payload }) => requeueOutboxMessage(m, schema, payload) };
}

const MAX_PAGE = 500;

interface Page {
  items: FailedWorkView[];
  /** Pass as `after` for the next page; absent on the last one. */
  next?: string;
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return 100;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_PAGE) throw new ValidationFailed([{ path: 'limit', message: `must be an integer from 1 to ${MAX_PAGE}` }]);
  return n;
}

function parseCursor(raw: string | undefined): { kind: string; item: string } | undefined {
  if (raw === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((p) => typeof p === 'string')) return { kind: parsed[0], item: parsed[1] };
  } catch {
    /* answered below */
  }
  throw new DomainError('INVALID_CURSOR', 'after is not a cursor this API returned', 400, [
    { path: 'after', message: 'must be the `next` of a previous page' },
  ]);
}

function cursorOf(view: FailedWorkView): string {
  return Buffer.from(JSON.stringify([view.kind, view.item])).toString('base64url');
}

/**
 * `GET /v1/parked/<service>` lists the workspace's items of background work
 * that failed on their own (retrying with backoff, or parked after the last
 * attempt) with their reasons; `POST /v1/parked/<service>/:kind/:item/retry`
 * makes one due again now with a fresh count of attempts.
 */
export function parkedWorkController(service: ServiceName): Type {
  @ApiTags('operations')
  @ApiBearerAuth()
  @AdminAuth()
  @Controller(`v1/parked/${service}`)
  class ParkedWorkController {
    constructor(
      @Inject(PLATFORM) private readonly platform: Platform,
      @Inject(PARKED_KINDS) private readonly kinds: ParkedKind[],
    ) {}

    @Get()
    @ApiOperation({ summary: `Items of the ${service} service's background work that failed on their own: retrying (with when) or parked, with the reason` })
    @ApiQuery({ name: 'kind', required: false })
    @ApiQuery({ name: 'state', required: false, enum: ['retrying', 'parked'] })
    @ApiQuery({ name: 'limit', required: false, description: `1 to ${MAX_PAGE}, default 100` })
    @ApiQuery({ name: 'after', required: false, description: 'the `next` of the previous page' })
    async list(
      @CurrentWorkspace() ws: WorkspaceConfig,
      @Query('kind') kind?: string,
      @Query('state') state?: string,
      @Query('limit') limit?: string,
      @Query('after') after?: string,
    ): Promise<Page> {
      if (kind !== undefined && !this.kinds.some((k) => k.kind === kind)) {
        throw new ValidationFailed([{ path: 'kind', message: `must be one of ${this.kinds.map((k) => k.kind).join(', ')}` }]);
      }
      if (state !== undefined && state !== 'retrying' && state !== 'parked')
        throw new ValidationFailed([{ path: 'state', message: 'must be retrying or parked' }]);
      const size = parseLimit(limit);
      const items = await listFailedWork(this.platform.dataSource.manager, this.platform.schema, ws.id, {
        kind,
        state,
        limit: size,
        after: parseCursor(after),
      });
      return items.length === size ? { items, next: cursorOf(items[items.length - 1]) } : { items };
    }

    @Post(':kind/:item/retry')
    @ApiOperation({ summary: 'Makes a failing or parked item due again now, with a fresh count of attempts' })
    async retry(
      @CurrentWorkspace() ws: WorkspaceConfig,
      @Param('kind') kind: string,
      @Param('item') item: string,
    ): Promise<{ kind: string; item: string; status: 'retrying' | 'gone' }> {
      const handler = this.kinds.find((k) => k.kind === kind);
      if (!handler) throw new NotFound('kind of parked work', kind);
      const now = this.platform.clock.now();
      const released = await this.platform.dataSource.transaction(async (m) => {
        const taken = await takeFailedWork(m, this.platform.schema, ws.id, kind, item);
        if (!taken) throw new NotFound(`failed ${kind}`, item);
        return handler.release(m, { workspaceId: ws.id, item, payload: taken.payload, now });
      });
      if (released && kind === OUTBOX_WORK_KIND) this.platform.outbox.nudge();
      return { kind, item, status: released ? 'retrying' : 'gone' };
    }
  }
  return ParkedWorkController;
}
