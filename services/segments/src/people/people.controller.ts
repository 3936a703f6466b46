import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Controller, Delete, Get, HttpCode, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ExportUserUseCase, SegmentsExport } from './export-user/export-user.usecase';
import { ErasureAccepted, RequestErasureUseCase } from './request-erasure/request-erasure.usecase';
import { PersonIdentity, ResolvePersonUseCase } from './resolve-person/resolve-person.usecase';

const ACCEPTED = {
  type: 'object',
  properties: {
    erasureId: { type: 'string' },
    userId: { type: 'string', description: 'The person’s final user id (the id named, or the user it was merged into)' },
    requestedAt: { type: 'string', format: 'date-time', description: 'Events of the person’s ids stamped at or before it are dropped wherever they arrive' },
    suppress: { type: 'boolean', description: 'The workspace drops every later event of these ids too (suppressErasedIds)' },
  },
};

@ApiTags('people')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/users')
export class PeopleController {
  constructor(
    private readonly requestErasure: RequestErasureUseCase,
    private readonly exportUser: ExportUserUseCase,
    private readonly resolvePerson: ResolvePersonUseCase,
  ) {}

  @Get(':userId/identity')
  @ApiParam({ name: 'userId', description: 'Any id: a user id, an anonymous id, an alias' })
  @ApiOperation({ summary: 'Which person an id names: its final user id and every id merged into it (an id never seen names a person of its own)' })
  @ApiResponse({
    status: 200,
    schema: {
      type: 'object',
      properties: { id: { type: 'string' }, userId: { type: 'string' }, ids: { type: 'array', items: { type: 'string' } } },
    },
  })
  identity(@CurrentWorkspace() ws: WorkspaceConfig, @Param('userId') userId: string): Promise<PersonIdentity> {
    return this.resolvePerson.execute({ workspaceId: ws.id, userId });
  }

  @Delete(':userId')
  @HttpCode(202)
  @ApiParam({ name: 'userId', description: 'Any id of the person: the user id, an anonymous id or an alias' })
  @ApiOperation({
    summary: 'Erase the person from every service (their user id, anonymous ids and aliases)',
    description:
      'Removes segments’ data at once and publishes the request on cairn.user-erasures.v1, which every service acts on; ' +
      '`GET /v1/users/:userId/erasure` reports each service’s completion. Only a suppression record is kept: a hash of each id ' +
      'and the time of the request. Idempotent: erasing again erases what came since.',
  })
  @ApiResponse({ status: 202, schema: ACCEPTED })
  erase(
    @CurrentWorkspace() ws: WorkspaceConfig,
    @Param('userId') userId: string,
    @Res({ passthrough: true }) res: { location(url: string): void },
  ): Promise<ErasureAccepted> {
    res.location(`/v1/users/${encodeURIComponent(userId)}/erasure`);
    return this.requestErasure.execute({ workspaceId: ws.id, userId });
  }

  @Get(':userId/export/segments')
  @ApiParam({ name: 'userId', description: 'Any id of the person' })
  @ApiOperation({ summary: 'Everything segments holds about the person: traits, event history and totals, segments, merged identities, item interest' })
  export(@CurrentWorkspace() ws: WorkspaceConfig, @Param('userId') userId: string): Promise<SegmentsExport> {
    return this.exportUser.execute({ workspaceId: ws.id, userId });
  }
}
