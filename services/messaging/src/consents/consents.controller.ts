import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { validateConsentUpdate } from '@cairn/messaging-domain';
import { ConsentView } from './consent.view';
import { GetConsentsUseCase } from './get-consents/get-consents.usecase';
import { PutConsentsUseCase } from './put-consents/put-consents.usecase';

@ApiTags('consents')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/users/:userId/consents')
export class ConsentsController {
  constructor(
    private readonly getConsents: GetConsentsUseCase,
    private readonly putConsents: PutConsentsUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: "A user's consents per channel (advertising, night-time) and the latest changes" })
  async get(@CurrentWorkspace() ws: WorkspaceConfig, @Param('userId') userId: string): Promise<ConsentView> {
    return this.getConsents.execute({ workspaceId: ws.id, userId });
  }

  @Put()
  @ApiOperation({ summary: 'Grant or withdraw consents; channels and flags left out stay as they are' })
  @ApiBody({
    schema: {
      type: 'object',
      example: { channels: { sms: { advertising: true, night: false }, email: { advertising: true } }, source: 'signup-form' },
    },
  })
  async put(@CurrentWorkspace() ws: WorkspaceConfig, @Param('userId') userId: string, @Body() body: Record<string, unknown>): Promise<ConsentView> {
    return this.putConsents.execute({ workspaceId: ws.id, userId, update: validateConsentUpdate(body) });
  }
}
