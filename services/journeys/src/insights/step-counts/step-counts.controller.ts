import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { STEP_COUNTS_SCHEMA } from '../insights.openapi';
import { JOURNEY_ID_PARAM, parseVersionRef, VERSION_PARAM } from '../journey-version';
import { StepCountsUseCase, StepCountsView } from './step-counts.usecase';

@ApiTags('journeys')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/journeys')
export class StepCountsController {
  constructor(private readonly stepCounts: StepCountsUseCase) {}

  @Get(':id/versions/:version/steps')
  @ApiParam(JOURNEY_ID_PARAM)
  @ApiParam(VERSION_PARAM)
  @ApiOperation({
    summary: "One version's step graph with per-step counts: runs that reached each step, wait in it now, and left it",
    description:
      'A run stays on the version it started on. 400 VALIDATION_FAILED naming `version` for a bad version; 404 NOT_FOUND for an unknown journey or version.',
  })
  @ApiResponse({ status: 200, schema: STEP_COUNTS_SCHEMA })
  get(@CurrentWorkspace() ws: WorkspaceConfig, @Param('id') id: string, @Param('version') version: string): Promise<StepCountsView> {
    return this.stepCounts.execute({ workspaceId: ws.id, idOrKey: id, version: parseVersionRef(version) });
  }
}
