import { CairnConfig, WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CONFIG, CurrentWorkspace } from '@cairn/runtime';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { KEYS_QUERY, parseKeys } from '../templates/keys-query';
import { validateChannel } from './channel';
import { ChannelView } from './channel.view';
import { CreateChannelUseCase } from './create-channel/create-channel.usecase';
import { DeleteChannelUseCase } from './delete-channel/delete-channel.usecase';
import { GetChannelUseCase } from './get-channel/get-channel.usecase';
import { ListChannelsUseCase } from './list-channels/list-channels.usecase';
import { ReplaceChannelUseCase } from './replace-channel/replace-channel.usecase';

const EXAMPLE = {
  key: 'crm-hook',
  type: 'webhook',
  config: { url: 'https://hooks.example.com/cairn', secret: 'a-long-shared-secret', timeoutMs: 5000 },
};

@ApiTags('channels')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/channels')
export class ChannelsController {
  constructor(
    @Inject(CONFIG) private readonly config: CairnConfig,
    private readonly createChannel: CreateChannelUseCase,
    private readonly listChannels: ListChannelsUseCase,
    private readonly getChannel: GetChannelUseCase,
    private readonly replaceChannel: ReplaceChannelUseCase,
    private readonly deleteChannel: DeleteChannelUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a channel (types: log, webhook, smtp, sms-http, kakao-http, push-http)' })
  @ApiBody({ schema: { type: 'object', example: EXAMPLE } })
  async create(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: Record<string, unknown>): Promise<ChannelView> {
    return this.createChannel.execute({ workspaceId: ws.id, channel: validateChannel(body, this.config.egress.allowPrivate) });
  }

  @Get()
  @ApiOperation({ summary: 'List channels (write-only fields shown as set or unset; the first 1,000 without `keys`)' })
  @ApiQuery(KEYS_QUERY('channels'))
  async list(@CurrentWorkspace() ws: WorkspaceConfig, @Query('keys') keys?: string): Promise<{ channels: ChannelView[] }> {
    return this.listChannels.execute({ workspaceId: ws.id, keys: parseKeys(keys) });
  }

  @Get(':key')
  @ApiOperation({ summary: 'Get one channel (write-only fields shown as set or unset)' })
  async get(@CurrentWorkspace() ws: WorkspaceConfig, @Param('key') key: string): Promise<ChannelView> {
    return this.getChannel.execute({ workspaceId: ws.id, key });
  }

  @Put(':key')
  @ApiOperation({ summary: 'Replace a channel (a write-only field left out keeps its stored value)' })
  @ApiBody({ schema: { type: 'object', example: EXAMPLE } })
  async replace(@CurrentWorkspace() ws: WorkspaceConfig, @Param('key') key: string, @Body() body: Record<string, unknown>): Promise<ChannelView> {
    return this.replaceChannel.execute({ workspaceId: ws.id, key, body });
  }

  @Delete(':key')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a channel' })
  async remove(@CurrentWorkspace() ws: WorkspaceConfig, @Param('key') key: string): Promise<void> {
    await this.deleteChannel.execute({ workspaceId: ws.id, key });
  }
}
