import { WorkspaceConfig } from '@cairn/config';
import { MessageStatus } from '@cairn/contracts';
import { ValidationFailed } from '@cairn/core';
import { AdminAuth, CurrentWorkspace, Platform, PLATFORM } from '@cairn/runtime';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SendIntent } from './intent';
import { IntentRepository } from './intent.repository';

const STATUSES: MessageStatus[] = ['PENDING', 'SENDING', 'SENT', 'FAILED', 'SUPPRESSED', 'DEFERRED'];

function toEntry(intent: SendIntent) {
  return {
    id: intent.id,
    userId: intent.userId,
    idempotencyKey: intent.idempotencyKey,
    journey: intent.journey?.key ?? null,
    journeyVersion: intent.journey?.version ?? null,
    runId: intent.journey?.runId ?? null,
    step: intent.journey?.step ?? null,
    channel: intent.channel,
    template: intent.template,
    category: intent.category,
    status: intent.status,
    reason: intent.reason,
    content: intent.content,
    createdAt: intent.createdAt.toISOString(),
    sentAt: intent.sentAt?.toISOString() ?? null,
    deferredUntil: intent.deferredUntil?.toISOString() ?? null,
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
    const intents = await new IntentRepository(this.platform.dataSource.manager).log(ws.id, { userId, journey, status: status as MessageStatus | undefined, limit: n });
    return { messages: intents.map(toEntry) };
  }
}
