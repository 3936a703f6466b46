import { WorkspaceConfig } from '@cairn/config';
import { MessageStatus } from '@cairn/contracts';
import { ValidationFailed } from '@cairn/core';
import { AdminAuth, CurrentWorkspace, Platform, PLATFORM } from '@cairn/runtime';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IntentRow } from './intent';

const STATUSES: MessageStatus[] = ['PENDING', 'SENDING', 'SENT', 'FAILED', 'SUPPRESSED', 'DEFERRED'];

function toEntry(row: IntentRow) {
  return {
    id: row.id,
    userId: row.user_id,
    idempotencyKey: row.idempotency_key,
    journey: row.journey?.key ?? null,
    journeyVersion: row.journey?.version ?? null,
    runId: row.journey?.runId ?? null,
    step: row.journey?.step ?? null,
    channel: row.channel,
    template: row.template,
    category: row.category,
    status: row.status,
    reason: row.reason,
    content: row.content,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
    deferredUntil: row.deferred_until?.toISOString() ?? null,
  };
}

@ApiTags('messages')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/messages')
export class MessagesController {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  @Get()
  @ApiOperation({ summary: 'The delivery log: one entry per send intent, newest first' })
  @ApiQuery({ name: 'userId', required: false })
  @ApiQuery({ name: 'journey', required: false, description: 'journey key' })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 100' })
  async list(
    @CurrentWorkspace() ws: WorkspaceConfig,
    @Query('userId') userId?: string,
    @Query('journey') journey?: string,
    @Query('status') status?: string,
    @Query('limit') limit?: string,
  ): Promise<{ messages: ReturnType<typeof toEntry>[] }> {
    if (status !== undefined && !STATUSES.includes(status as MessageStatus)) {
      throw new ValidationFailed([{ path: 'status', message: `must be one of ${STATUSES.join(', ')}` }]);
    }
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new ValidationFailed([{ path: 'limit', message: 'must be an integer from 1 to 1000' }]);
    const rows: IntentRow[] = await this.platform.dataSource.query(
      `SELECT * FROM messaging.send_intents
       WHERE workspace_id = $1 AND ($2::text IS NULL OR user_id = $2) AND ($3::text IS NULL OR journey->>'key' = $3)
         AND ($4::text IS NULL OR status = $4)
       ORDER BY seq DESC LIMIT $5`,
      [ws.id, userId ?? null, journey ?? null, status ?? null, n],
    );
    return { messages: rows.map(toEntry) };
  }
}
