import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { BroadcastView } from './broadcast.view';
import { CancelBroadcastUseCase } from './cancel-broadcast/cancel-broadcast.usecase';
import { CreateBroadcastUseCase } from './create-broadcast/create-broadcast.usecase';
import { GetBroadcastUseCase } from './get-broadcast/get-broadcast.usecase';

const EXAMPLE = {
  key: 'spring-sale',
  segment: 'newsletter',
  channel: 'email',
  template: 'spring-sale',
  category: 'promotional',
  sendAt: '2026-04-01T10:00:00+09:00',
  ratePerMinute: 6000,
  holdout: 0.05,
};

@ApiTags('broadcasts')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/broadcasts')
export class BroadcastsController {
  constructor(
    private readonly createBroadcast: CreateBroadcastUseCase,
    private readonly getBroadcast: GetBroadcastUseCase,
    private readonly cancelBroadcast: CancelBroadcastUseCase,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Send one message to every member of a segment at send time, exactly once per member',
    description:
      'Through the same decisions as any send (consent, quiet hours, caps by category). `sendAt` (default now), `ratePerMinute`, `holdout` ' +
      '(a share kept out, deterministic per member). 400 naming the field for an unknown segment, channel or template.',
  })
  @ApiBody({ schema: { type: 'object', example: EXAMPLE } })
  @ApiResponse({ status: 201, description: 'Scheduled: the broadcast with its (empty) progress' })
  @ApiResponse({ status: 409, description: 'BROADCAST_EXISTS' })
  async create(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: unknown): Promise<BroadcastView> {
    return this.createBroadcast.execute({ workspace: ws, body });
  }

  @Get(':id')
  @ApiParam({ name: 'id', description: 'Broadcast id or key' })
  @ApiOperation({ summary: 'A broadcast and its progress: targeted, held out, pending; sent, deferred, suppressed and failed by reason' })
  async get(@CurrentWorkspace() ws: WorkspaceConfig, @Param('id') id: string): Promise<BroadcastView> {
    return this.getBroadcast.execute({ workspaceId: ws.id, idOrKey: id });
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiParam({ name: 'id', description: 'Broadcast id or key' })
  @ApiOperation({ summary: 'Stop what is not yet sent: pending members get nothing, deferred messages are suppressed broadcast_cancelled' })
  @ApiResponse({ status: 409, description: 'BROADCAST_FINISHED: it completed or failed' })
  async cancel(@CurrentWorkspace() ws: WorkspaceConfig, @Param('id') id: string): Promise<BroadcastView> {
    return this.cancelBroadcast.execute({ workspaceId: ws.id, idOrKey: id });
  }
}
