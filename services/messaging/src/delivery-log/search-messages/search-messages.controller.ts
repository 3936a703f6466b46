import { WorkspaceConfig } from '@cairn/config';
import { MessageStatus, RECEIPT_STATUSES } from '@cairn/contracts';
import { FieldProblem, ValidationFailed } from '@cairn/core';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { MESSAGES_PAGE_SCHEMA } from '../delivery-log.openapi';
import { SERIES_STATUSES } from '../send-series/series';

/** Statuses the log filters by: the series' and those delivery receipts move a sent message to. */
const LOG_STATUSES: readonly string[] = [...SERIES_STATUSES, ...RECEIPT_STATUSES];
import { decodeCursor } from './log-cursor';
import { SearchMessagesCommand } from './search-messages.command';
import { MessagesPage, SearchMessagesUseCase } from './search-messages.usecase';

type Filters = Partial<Record<'userId' | 'journey' | 'status' | 'reason' | 'channel' | 'before' | 'limit', string>>;

/** The query as a command, or 400 VALIDATION_FAILED naming every field at fault. */
function toCommand(workspaceId: string, q: Filters): SearchMessagesCommand {
  const problems: FieldProblem[] = [];
  if (q.status && !LOG_STATUSES.includes(q.status)) problems.push({ path: 'status', message: `must be one of ${LOG_STATUSES.join(', ')}` });
  const limit = q.limit === undefined ? 50 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) problems.push({ path: 'limit', message: 'must be an integer from 1 to 200' });
  const before = q.before ? decodeCursor(q.before) : undefined;
  if (q.before && !before) problems.push({ path: 'before', message: 'must be the `next` value of a previous page' });
  if (problems.length > 0) throw new ValidationFailed(problems);
  const text = (v: string | undefined) => (v ? v : undefined);
  return {
    workspaceId,
    userId: text(q.userId),
    journey: text(q.journey),
    status: text(q.status) as MessageStatus | undefined,
    reason: text(q.reason),
    channel: text(q.channel),
    before,
    limit,
  };
}

@ApiTags('messages')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/messages')
export class SearchMessagesController {
  constructor(private readonly search: SearchMessagesUseCase) {}

  @Get('search')
  @ApiOperation({
    summary: 'The delivery log, newest first, filtered by user, journey, status, reason and channel, in pages',
    description: 'An empty filter is no filter. 400 VALIDATION_FAILED naming `status`, `limit` or `before`.',
  })
  @ApiQuery({ name: 'userId', required: false })
  @ApiQuery({ name: 'journey', required: false, description: 'journey key' })
  @ApiQuery({ name: 'status', required: false, enum: LOG_STATUSES })
  @ApiQuery({ name: 'reason', required: false, description: 'reason code, e.g. frequency_cap, no_consent, quiet_hours' })
  @ApiQuery({ name: 'channel', required: false, description: 'channel key' })
  @ApiQuery({ name: 'before', required: false, description: 'the `next` cursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 200, default 50' })
  @ApiResponse({ status: 200, schema: MESSAGES_PAGE_SCHEMA })
  list(
    @CurrentWorkspace() ws: WorkspaceConfig,
    @Query('userId') userId?: string,
    @Query('journey') journey?: string,
    @Query('status') status?: string,
    @Query('reason') reason?: string,
    @Query('channel') channel?: string,
    @Query('before') before?: string,
    @Query('limit') limit?: string,
  ): Promise<MessagesPage> {
    return this.search.execute(toCommand(ws.id, { userId, journey, status, reason, channel, before, limit }));
  }
}
