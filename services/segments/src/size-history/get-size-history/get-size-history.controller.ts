import { WorkspaceConfig } from '@cairn/config';
import { tryParseDuration, ValidationFailed } from '@cairn/core';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SNAPSHOT_RETENTION_MS } from '../snapshot-slots';
import { GetSizeHistoryUseCase, SizeHistoryView } from './get-size-history.usecase';

const SCHEMA = {
  type: 'object',
  properties: {
    segment: { type: 'object', properties: { id: { type: 'string' }, key: { type: 'string' }, name: { type: 'string' } } },
    every: { type: 'string', description: 'How often a snapshot is taken (10m)' },
    points: {
      type: 'array',
      description: 'Snapshots in the period, oldest first; a slot in which no replica ran is missing',
      items: { type: 'object', properties: { at: { type: 'string', format: 'date-time' }, size: { type: 'integer' } } },
    },
    current: {
      type: 'object',
      description: 'The size at the time of the call',
      properties: { at: { type: 'string', format: 'date-time' }, size: { type: 'integer' } },
    },
  },
  example: {
    segment: { id: '7d0e…', key: 'flagship-hot', name: 'Viewed the flagship 3-5 times this week and did not order' },
    every: '10m',
    points: [
      { at: '2026-01-05T10:00:00.000Z', size: 120 },
      { at: '2026-01-05T10:10:00.000Z', size: 126 },
    ],
    current: { at: '2026-01-05T10:14:03.000Z', size: 127 },
  },
};

function parseSince(raw: string | undefined): number {
  if (raw === undefined) return 7 * 86_400_000;
  const ms = tryParseDuration(raw);
  if (ms === undefined || ms <= 0 || ms > SNAPSHOT_RETENTION_MS)
    throw new ValidationFailed([{ path: 'since', message: 'must be a duration from 1m to 90d, e.g. 24h or 7d' }]);
  return ms;
}

@ApiTags('segments')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/segments')
export class GetSizeHistoryController {
  constructor(private readonly history: GetSizeHistoryUseCase) {}

  @Get(':id/size-history')
  @ApiParam({ name: 'id', description: 'The segment id (uuid) or its key' })
  @ApiQuery({ name: 'since', required: false, description: 'How far back: a duration up to 90d (default 7d)' })
  @ApiOperation({
    summary: "The segment's size over time: a snapshot every 10 minutes (kept 90 days) and its size now",
    description: '400 VALIDATION_FAILED naming `since`; 404 NOT_FOUND for an unknown segment.',
  })
  @ApiResponse({ status: 200, schema: SCHEMA })
  get(@CurrentWorkspace() ws: WorkspaceConfig, @Param('id') id: string, @Query('since') since?: string): Promise<SizeHistoryView> {
    return this.history.execute({ workspaceId: ws.id, idOrKey: id, sinceMs: parseSince(since) });
  }
}
