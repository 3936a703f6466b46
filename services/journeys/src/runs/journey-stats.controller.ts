import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { JOURNEY_STATS_SCHEMA } from './journey-stats.openapi';
import { GetJourneyStatsUseCase, JourneyStatsView } from './get-journey-stats/get-journey-stats.usecase';

/** `GET /v1/journeys/:id/stats`: what the runs of a journey did (the definitions' own routes are in definitions/). */
@ApiTags('journeys')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/journeys')
export class JourneyStatsController {
  constructor(private readonly stats: GetJourneyStatsUseCase) {}

  @Get(':id/stats')
  @ApiParam({ name: 'id', description: 'The journey id (uuid) or its key' })
  @ApiOperation({ summary: 'Per version: entered, active per step, exits by reason, messages requested / sent / suppressed by reason, conversion and uplift' })
  @ApiResponse({ status: 200, schema: JOURNEY_STATS_SCHEMA })
  getStats(@CurrentWorkspace() ws: WorkspaceConfig, @Param('id') id: string): Promise<JourneyStatsView> {
    return this.stats.execute({ workspaceId: ws.id, idOrKey: id });
  }
}
