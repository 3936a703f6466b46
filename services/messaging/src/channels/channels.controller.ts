import { WorkspaceConfig } from '@cairn/config';
import { Conflict, NotFound, ValidationFailed } from '@cairn/core';
import { AdminAuth, CurrentWorkspace, Platform, PLATFORM } from '@cairn/runtime';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { redactChannel, validateChannel } from './channel';
import { ChannelRepository, StoredChannel } from './channel.repository';
import { KEYS_QUERY, parseKeys } from '../templates/keys-query';

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
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly channels: ChannelRepository,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a channel (types: log, webhook)' })
  @ApiBody({ schema: { type: 'object', example: EXAMPLE } })
  async create(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: Record<string, unknown>): Promise<StoredChannel> {
    const channel = validateChannel(body, this.platform.config.egress.allowPrivate);
    if (!(await this.channels.insert(ws.id, channel, this.platform.clock.now()))) {
      throw new Conflict('CHANNEL_EXISTS', `channel ${JSON.stringify(channel.key)} already exists`);
    }
    return redactChannel((await this.channels.find(ws.id, channel.key))!);
  }

  @Get()
  @ApiOperation({ summary: 'List channels (secrets redacted; the first 1,000 without `keys`)' })
  @ApiQuery(KEYS_QUERY('channels'))
  async list(@CurrentWorkspace() ws: WorkspaceConfig, @Query('keys') keys?: string): Promise<{ channels: StoredChannel[] }> {
    return { channels: (await this.channels.list(ws.id, parseKeys(keys))).map(redactChannel) };
  }

  @Get(':key')
  @ApiOperation({ summary: 'Get one channel (secret redacted)' })
  async get(@CurrentWorkspace() ws: WorkspaceConfig, @Param('key') key: string): Promise<StoredChannel> {
    const channel = await this.channels.find(ws.id, key);
    if (!channel) throw new NotFound('channel', key);
    return redactChannel(channel);
  }

  @Put(':key')
  @ApiOperation({ summary: 'Replace a channel' })
  @ApiBody({ schema: { type: 'object', example: EXAMPLE } })
  async replace(
    @CurrentWorkspace() ws: WorkspaceConfig,
    @Param('key') key: string,
    @Body() body: Record<string, unknown>,
  ): Promise<StoredChannel> {
    const channel = validateChannel({ ...body, key: body?.key ?? key }, this.platform.config.egress.allowPrivate);
    if (channel.key !== key) throw new ValidationFailed([{ path: 'key', message: 'must match the key in the path' }]);
    if (!(await this.channels.update(ws.id, channel, this.platform.clock.now()))) throw new NotFound('channel', key);
    return redactChannel((await this.channels.find(ws.id, key))!);
  }

  @Delete(':key')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a channel' })
  async remove(@CurrentWorkspace() ws: WorkspaceConfig, @Param('key') key: string): Promise<void> {
    if (!(await this.channels.remove(ws.id, key))) throw new NotFound('channel', key);
  }
}
