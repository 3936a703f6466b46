import { WorkspaceConfig } from '@cairn/config';
import { tryParseDuration, ValidationFailed } from '@cairn/core';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SEND_SERIES_SCHEMA } from '../delivery-log.openapi';
import { seriesProblem } from './series';
import { SendSeriesUseCase, SendSeriesView } from './send-series.usecase';

function duration(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const ms = tryParseDuration(raw);
  if (ms === undefined) throw new ValidationFailed([{ path: name, message: 'must be a duration such as 30m, 1h, 7d' }]);
  return ms;
}

@ApiTags('messages')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/messages')
export class SendSeriesController {
  constructor(private readonly series: SendSeriesUseCase) {}

  @Get('series')
  @ApiOperation({
    summary: 'Send intents per time bucket and status (by creation time), with totals and totals per journey',
    description: 'Buckets are aligned on the Unix epoch (UTC) and all present, empty ones with zeros. 400 VALIDATION_FAILED naming `window` or `bucket`.',
  })
  @ApiQuery({ name: 'window', required: false, description: 'How far back from now: 1m to 90d (default 24h)' })
  @ApiQuery({ name: 'bucket', required: false, description: 'Bucket length, at least 1m, at most 1,000 buckets in the window (default 1h)' })
  @ApiQuery({ name: 'journey', required: false, description: 'Only this journey key' })
  @ApiQuery({ name: 'channel', required: false, description: 'Only this channel key' })
  @ApiResponse({ status: 200, schema: SEND_SERIES_SCHEMA })
  get(
    @CurrentWorkspace() ws: WorkspaceConfig,
    @Query('window') window?: string,
    @Query('bucket') bucket?: string,
    @Query('journey') journey?: string,
    @Query('channel') channel?: string,
  ): Promise<SendSeriesView> {
    const windowMs = duration('window', window, 86_400_000);
    const bucketMs = duration('bucket', bucket, 3_600_000);
    const problem = seriesProblem(windowMs, bucketMs);
    if (problem) throw new ValidationFailed([problem]);
    return this.series.execute({ workspaceId: ws.id, windowMs, bucketMs, journey: journey || undefined, channel: channel || undefined });
  }
}
