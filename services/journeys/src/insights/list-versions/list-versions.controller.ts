import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { JOURNEY_ID_PARAM } from '../journey-version';
import { VERSIONS_SCHEMA } from '../insights.openapi';
import { ListVersionsUseCase, VersionsView } from './list-versions.usecase';

@ApiTags('journeys')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/journeys')
export class ListVersionsController {
  constructor(private readonly versions: ListVersionsUseCase) {}

  @Get(':id/versions')
  @ApiParam(JOURNEY_ID_PARAM)
  @ApiOperation({ summary: 'The published versions of a journey, newest first, with the runs each one started' })
  @ApiResponse({ status: 200, schema: VERSIONS_SCHEMA })
  @ApiResponse({ status: 404, description: 'NOT_FOUND: no such journey in the workspace' })
  list(@CurrentWorkspace() ws: WorkspaceConfig, @Param('id') id: string): Promise<VersionsView> {
    return this.versions.execute({ workspaceId: ws.id, idOrKey: id });
  }
}
