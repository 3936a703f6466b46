import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import type { SimulationResult } from '@cairn/simulator';
import { Body, Controller, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SimulateJourneyUseCase } from './simulate-journey/simulate-journey.usecase';
import { TestSendUseCase, TestSent } from './test-send/test-send.usecase';

const ID = { name: 'id', description: 'The journey id (uuid) or its key' };
const SCENARIO_EXAMPLE = {
  start: '2026-03-02T09:00:00+09:00',
  until: '+3d',
  users: { u1: { traits: { name: '민지' }, consents: { kakao: { advertising: true, night: false } } } },
  events: [
    { at: '+0m', userId: 'u1', event: 'Product Added', properties: { cartId: 'c1' } },
    { at: '+45m', userId: 'u1', event: 'Order Completed', properties: { cartId: 'c1' } },
  ],
};

@ApiTags('journeys')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/journeys')
export class TrialsController {
  constructor(
    private readonly simulation: SimulateJourneyUseCase,
    private readonly testSend: TestSendUseCase,
  ) {}

  @Post(':id/simulate')
  @HttpCode(200)
  @ApiParam(ID)
  @ApiQuery({ name: 'version', required: false, description: '`draft` (default), `current` or a published version number' })
  @ApiOperation({
    summary: 'Simulate the journey over a scenario in virtual time; sends nothing, stores nothing',
    description:
      'Runs the draft (or a version) with the workspace’s real segments, templates, channels, frequency policy and coupon pools and its time zone and ' +
      'compliance settings: `{ messages, segments, runs, skipped }` as `cairn simulate --format json` prints it (the delivery log’s fields and statuses). ' +
      'Scenario: `start`, `until` (default +30d), `users` (traits, consents), `events` (`at` as +45m or an ISO instant; track, identify, consent, catalog). ' +
      '503 SIMULATION_UNAVAILABLE when segments or messaging cannot be read.',
  })
  @ApiBody({ description: 'A scenario', examples: { cart: { value: SCENARIO_EXAMPLE } } })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED naming the scenario field (`events[2].at`), or a resource the journey names that is invalid' })
  simulate(
    @CurrentWorkspace() ws: WorkspaceConfig,
    @Param('id') id: string,
    @Body() body: unknown,
    @Query('version') version?: string,
    @Headers('authorization') authorization?: string,
  ): Promise<SimulationResult> {
    return this.simulation.execute({ workspace: ws, idOrKey: id, version, body, authorization });
  }

  @Post(':id/test-send')
  @HttpCode(202)
  @ApiParam(ID)
  @ApiOperation({
    summary: 'Send one send step’s message to a test user now, bypassing frequency caps and quiet hours; marked `test` in the delivery log',
    description:
      '`{ "step": "remind", "userId": "me@shop", "version"?: "current" | n, "entry"?: { "properties": {…} }, "traits"?: {…} }`: the draft’s step by default. ' +
      'The template sees the user’s traits journeys knows (and `traits`), `entry.properties`, and for a coupon step a sample code (`<prefix>TEST`); ' +
      'consent and the compliance preset still apply. Answers the idempotency key to find the message in `GET /v1/messages`.',
  })
  @ApiBody({
    schema: { type: 'object', required: ['step', 'userId'] },
    examples: { remind: { value: { step: 'remind', userId: 'me@shop', entry: { properties: { name: '린넨 셔츠' } } } } },
  })
  send(@CurrentWorkspace() ws: WorkspaceConfig, @Param('id') id: string, @Body() body: unknown): Promise<TestSent> {
    return this.testSend.execute({ workspaceId: ws.id, idOrKey: id, body });
  }
}
