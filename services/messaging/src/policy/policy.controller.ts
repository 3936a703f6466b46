import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace, Platform, PLATFORM } from '@cairn/runtime';
import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FrequencyPolicy, validateFrequencyPolicy } from '../domain';
import { PolicyReader } from './policy.reader';
import { PolicyRepository } from './policy.repository';

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
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly reader: PolicyReader,
  ) {}

  /** The API reads and writes the database directly (never the readers' kept values). */
  private get policies(): PolicyRepository {
    return new PolicyRepository(this.platform.dataSource.manager);
  }

  @Get()
  @ApiOperation({ summary: "The workspace's frequency caps, quiet hours and compliance preset" })
  async get(@CurrentWorkspace() ws: WorkspaceConfig): Promise<FrequencyPolicy> {
    return this.policies.get(ws.id, ws.compliance);
  }

  @Put()
  @ApiOperation({ summary: 'Replace the frequency policy' })
  @ApiBody({ schema: { type: 'object', example: EXAMPLE } })
  async put(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: Record<string, unknown>): Promise<FrequencyPolicy> {
    const policy = validateFrequencyPolicy(body, ws.compliance);
    await this.policies.put(ws.id, policy, this.platform.clock.now());
    this.reader.changed(ws.id);
    return policy;
  }
}
