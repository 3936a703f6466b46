import { WorkspaceConfig } from '@cairn/config';
import { ValidationFailed } from '@cairn/core';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { UPLIFT_SCHEMA } from '../insights.openapi';
import { JOURNEY_ID_PARAM, parseVersionRef, VERSION_PARAM } from '../journey-version';
import { JourneyUpliftUseCase, UpliftView } from './journey-uplift.usecase';

function parseConfidence(raw: string | undefined): number {
  if (raw === undefined) return 0.95;
  const value = /^0\.[0-9]{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= 0.5 && value <= 0.999)) throw new ValidationFailed([{ path: 'confidence', message: 'must be a decimal from 0.5 to 0.999, e.g. 0.95' }]);
  return value;
}

@ApiTags('journeys')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/journeys')
export class JourneyUpliftController {
  constructor(private readonly uplift: JourneyUpliftUseCase) {}

  @Get(':id/versions/:version/uplift')
  @ApiParam(JOURNEY_ID_PARAM)
  @ApiParam(VERSION_PARAM)
  @ApiQuery({ name: 'confidence', required: false, description: 'Two-sided confidence level, 0.5 to 0.999 (default 0.95)' })
  @ApiOperation({
    summary: 'Treatment vs holdout conversion of one version, the uplift and its confidence interval',
    description:
      "The interval is Newcombe's hybrid score interval (1998, method 10) for the difference of two independent proportions, built from each " +
      "group's Wilson score interval; it stays within [-1, 1] and is not degenerate at 0 % or 100 %. 400 VALIDATION_FAILED naming `version` or " +
      '`confidence`; 404 NOT_FOUND for an unknown journey or version.',
  })
  @ApiResponse({ status: 200, schema: UPLIFT_SCHEMA })
  get(
    @CurrentWorkspace() ws: WorkspaceConfig,
    @Param('id') id: string,
    @Param('version') version: string,
    @Query('confidence') confidence?: string,
  ): Promise<UpliftView> {
    return this.uplift.execute({ workspaceId: ws.id, idOrKey: id, version: parseVersionRef(version), confidence: parseConfidence(confidence) });
  }
}
