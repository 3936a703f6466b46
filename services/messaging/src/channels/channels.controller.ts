import { WorkspaceConfig } from '@cairn/config';
import { Conflict, NotFound, ValidationFailed } from '@cairn/core';
import { AdminAuth, CurrentWorkspace, Platform, PLATFORM } from '@cairn/runtime';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ChannelType, redactChannel, validateChannel } from './channel';
import { keepStoredSecrets, WriteOnlyState } from './channel-secrets';
import { ChannelCredentials } from './channel-credentials';
import { ChannelReader } from './channel.reader';
import { ChannelRepository, StoredChannel } from './channel.repository';
import { KEYS_QUERY, parseKeys } from '../templates/keys-query';

/** A channel as the API answers it: write-only fields left out of `config`, their state in `writeOnly`. */
type ChannelView = StoredChannel & { writeOnly: Record<string, WriteOnlyState> };

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
    private readonly credentials: ChannelCredentials,
    private readonly reader: ChannelReader,
  ) {}

  /** The API reads and writes the database directly (never the reader's kept values). */
  private get channels(): ChannelRepository {
    return new ChannelRepository(this.platform.dataSource.manager, this.credentials);
  }

  @Post()
  @ApiOperation({ summary: 'Create a channel (types: log, webhook)' })
  @ApiBody({ schema: { type: 'object', example: EXAMPLE } })
  async create(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: Record<string, unknown>): Promise<ChannelView> {
    const channel = validateChannel(body, this.platform.config.egress.allowPrivate);
    const inserted = await this.channels.insert(ws.id, channel, this.platform.clock.now());
    this.reader.changed(ws.id);
    if (!inserted) {
      throw new Conflict('CHANNEL_EXISTS', `channel ${JSON.stringify(channel.key)} already exists`);
    }
    return redactChannel((await this.channels.find(ws.id, channel.key))!);
  }

  @Get()
  @ApiOperation({ summary: 'List channels (write-only fields shown as set or unset; the first 1,000 without `keys`)' })
  @ApiQuery(KEYS_QUERY('channels'))
  async list(@CurrentWorkspace() ws: WorkspaceConfig, @Query('keys') keys?: string): Promise<{ channels: ChannelView[] }> {
    return { channels: (await this.channels.list(ws.id, parseKeys(keys))).map(redactChannel) };
  }

  @Get(':key')
  @ApiOperation({ summary: 'Get one channel (write-only fields shown as set or unset)' })
  async get(@CurrentWorkspace() ws: WorkspaceConfig, @Param('key') key: string): Promise<ChannelView> {
    const channel = await this.channels.find(ws.id, key);
    if (!channel) throw new NotFound('channel', key);
    return redactChannel(channel);
  }

  @Put(':key')
  @ApiOperation({ summary: 'Replace a channel (a write-only field left out keeps its stored value)' })
  @ApiBody({ schema: { type: 'object', example: EXAMPLE } })
  async replace(
    @CurrentWorkspace() ws: WorkspaceConfig,
    @Param('key') key: string,
    @Body() body: Record<string, unknown>,
  ): Promise<ChannelView> {
    const stored = await this.channels.find(ws.id, key);
    const config = body?.config;
    const merged = config && typeof config === 'object' && !Array.isArray(config)
      ? keepStoredSecrets(body.type as ChannelType, config as Record<string, unknown>, stored?.config, stored?.type)
      : config;
    const channel = validateChannel({ ...body, key: body?.key ?? key, ...(merged !== undefined && { config: merged }) }, this.platform.config.egress.allowPrivate);
    if (channel.key !== key) throw new ValidationFailed([{ path: 'key', message: 'must match the key in the path' }]);
    const updated = await this.channels.update(ws.id, channel, this.platform.clock.now());
    this.reader.changed(ws.id);
    if (!updated) throw new NotFound('channel', key);
    return redactChannel((await this.channels.find(ws.id, key))!);
  }

  @Delete(':key')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a channel' })
  async remove(@CurrentWorkspace() ws: WorkspaceConfig, @Param('key') key: string): Promise<void> {
    const removed = await this.channels.remove(ws.id, key);
    this.reader.changed(ws.id);
    if (!removed) throw new NotFound('channel', key);
  }
}
