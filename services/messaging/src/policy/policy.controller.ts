import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FrequencyPolicy, validateFrequencyPolicy } from '@cairn/messaging-domain';
import { GetPolicyUseCase } from './get-policy/get-policy.usecase';
import { PutPolicyUseCase } from './put-policy/put-policy.usecase';

const EXAMPLE = {
  rules: [
    { scope: 'all', limit: 2, window: '24h', categories: ['promotional'] },
    { scope: 'channel', channel: 'sms', limit: 1, window: '7d' },
    { scope: 'journey', limit: 1, window: 'calendar-day' },
  ],
  whenCapped: 'drop',
  quietHours: { start: '21:00', end: '08:00', categories: ['promotional'] },
  compliance: 'kr-ad-law',
};

@ApiTags('frequency-policy')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/frequency-policy')
export class PolicyController {
  constructor(
    private readonly getPolicy: GetPolicyUseCase,
    private readonly putPolicy: PutPolicyUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: "The workspace's frequency caps, quiet hours and compliance preset" })
  async get(@CurrentWorkspace() ws: WorkspaceConfig): Promise<FrequencyPolicy> {
    return this.getPolicy.execute({ workspaceId: ws.id, defaultCompliance: ws.compliance });
  }

  @Put()
  @ApiOperation({ summary: 'Replace the frequency policy' })
  @ApiBody({ schema: { type: 'object', example: EXAMPLE } })
  async put(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: Record<string, unknown>): Promise<FrequencyPolicy> {
    return this.putPolicy.execute({ workspaceId: ws.id, policy: validateFrequencyPolicy(body, ws.compliance) });
  }
}
