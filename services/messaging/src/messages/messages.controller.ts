import { WorkspaceConfig } from '@cairn/config';
import { MessageStatus, RECEIPT_STATUSES } from '@cairn/contracts';
import { ValidationFailed } from '@cairn/core';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ListMessagesUseCase, MessageEntry } from './list-messages/list-messages.usecase';

const STATUSES: MessageStatus[] = ['PENDING', 'SENDING', 'SENT', 'FAILED', 'SUPPRESSED', 'DEFERRED', ...RECEIPT_STATUSES];

@ApiTags('messages')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/messages')
export class MessagesController {
  constructor(private readonly listMessages: ListMessagesUseCase) {}

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
  ): Promise<{ messages: MessageEntry[] }> {
    if (status !== undefined && !STATUSES.includes(status as MessageStatus)) {
      throw new ValidationFailed([{ path: 'status', message: `must be one of ${STATUSES.join(', ')}` }]);
    }
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new ValidationFailed([{ path: 'limit', message: 'must be an integer from 1 to 1000' }]);
    return this.listMessages.execute({ workspaceId: ws.id, filter: { userId, journey, status: status as MessageStatus | undefined, limit: n } });
  }
}
