import { ServiceName, WorkspaceConfig } from '@cairn/config';
import { ErasureLedger } from '@cairn/db';
import { Controller, Get, Inject, Param, Type } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminAuth, CurrentWorkspace } from './auth';
import { Platform, PLATFORM } from './platform';

/** One service's part of `GET /v1/users/:userId/erasure`. */
export interface ErasureStatusView {
  service: ServiceName;
  userId: string;
  /** `completed`: this service erased the id; `unknown`: no erasure of this id has reached it (yet). */
  status: 'completed' | 'unknown';
  erasureId?: string;
  requestedAt?: string;
  completedAt?: string;
  /** The workspace drops every later event of the id. */
  suppress?: boolean;
}

const SCHEMA = {
  type: 'object',
  required: ['service', 'userId', 'status'],
  properties: {
    service: { type: 'string' },
    userId: { type: 'string' },
    status: { type: 'string', enum: ['completed', 'unknown'] },
    erasureId: { type: 'string' },
    requestedAt: { type: 'string', format: 'date-time', description: 'When the erasure was requested: events of the id stamped at or before it are dropped' },
    completedAt: { type: 'string', format: 'date-time' },
    suppress: { type: 'boolean', description: 'Later events of the id are dropped too (the workspace suppresses erased ids)' },
  },
};

/**
 * `GET /v1/users/:userId/erasure/<service>`: whether this service has erased
 * the id, from its suppression record (a hash of the id; the id itself is not
 * kept). Every service serves its own; the front door and the console answer
 * `GET /v1/users/:userId/erasure` with all four.
 */
export function erasureStatusController(service: ServiceName): Type {
  @ApiTags('people')
  @ApiBearerAuth()
  @AdminAuth()
  @Controller('v1/users')
  class ErasureStatusController {
    constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

    @Get(`:userId/erasure/${service}`)
    @ApiParam({ name: 'userId', description: 'Any id of the person (the user id, an anonymous id, an alias)' })
    @ApiOperation({ summary: `Whether the ${service} service has erased this id (DELETE /v1/users/:userId)` })
    @ApiResponse({ status: 200, schema: SCHEMA })
    async status(@CurrentWorkspace() ws: WorkspaceConfig, @Param('userId') userId: string): Promise<ErasureStatusView> {
      const found = await new ErasureLedger(this.platform.dataSource.manager, this.platform.schema).find(ws.id, userId);
      if (!found || found.completedAt === null) return { service, userId, status: 'unknown' };
      return {
        service,
        userId,
        status: 'completed',
        erasureId: found.erasureId,
        requestedAt: new Date(found.erasedAt).toISOString(),
        completedAt: new Date(found.completedAt).toISOString(),
        suppress: found.suppress,
      };
    }
  }
  return ErasureStatusController;
}
