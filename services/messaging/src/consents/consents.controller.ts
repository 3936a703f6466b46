import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace, Platform, PLATFORM } from '@cairn/runtime';
import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { validateConsentUpdate } from '../domain';
import { ConsentRepository } from './consent.repository';
import { ConsentView, PutConsentsUseCase } from './put-consents.usecase';

@ApiTags('consents')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/users/:userId/consents')
export class ConsentsController {
  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly putConsents: PutConsentsUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: "A user's consents per channel (advertising, night-time) and the latest changes" })
  async get(@CurrentWorkspace() ws: WorkspaceConfig, @Param('userId') userId: string): Promise<ConsentView> {
    const consents = new ConsentRepository(this.platform.dataSource.manager);
    return {
      userId,
      channels: await consents.load(ws.id, userId),
      history: await consents.history(ws.id, userId),
    };
  }

  @Put()
  @ApiOperation({ summary: 'Grant or withdraw consents; channels and flags left out stay as they are' })
  @ApiBody({
    schema: {
      type: 'object',
      example: { channels: { sms: { advertising: true, night: false }, email: { advertising: true } }, source: 'signup-form' },
    },
  })
  async put(
    @CurrentWorkspace() ws: WorkspaceConfig,
    @Param('userId') userId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<ConsentView> {
    return this.putConsents.execute({ workspaceId: ws.id, userId, update: validateConsentUpdate(body) });
  }
}
