import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { cartAbandonment } from '@cairn/journeys-domain';
import { DeleteJourneyUseCase } from './delete-journey/delete-journey.usecase';
import { GetJourneyUseCase } from './get-journey/get-journey.usecase';
import { InstallReadyMadeDto } from './install-ready-made/install-ready-made.dto';
import { InstalledJourney, InstallReadyMadeUseCase } from './install-ready-made/install-ready-made.usecase';
import { JourneyView } from './journey.view';
import { ListJourneysUseCase } from './list-journeys/list-journeys.usecase';
import { PublishJourneyUseCase } from './publish-journey/publish-journey.usecase';
import { SaveJourneyUseCase } from './save-journey/save-journey.usecase';
import { SetJourneyStatusUseCase } from './set-journey-status/set-journey-status.usecase';

const EXAMPLE = { summary: 'Cart abandonment', value: cartAbandonment() };
const ID = { name: 'id', description: 'The journey id (uuid) or its key' };
const REFERENCES =
  'Referenced segments, templates, channels and coupon pools must exist: an unknown one is a 400 VALIDATION_FAILED naming the step field ' +
  '(e.g. `steps.remind.template`). Segments are checked with the segments service, templates and channels with messaging, under the ' +
  'same admin key: 503 REFERENCE_CHECK_UNAVAILABLE when that service does not answer, 403 REFERENCE_CHECK_FORBIDDEN when it refuses the key. ' +
  'A service without a URL in the `services` configuration is not asked.';

@ApiTags('journeys')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/journeys')
export class JourneysController {
  constructor(
    private readonly listing: ListJourneysUseCase,
    private readonly reading: GetJourneyUseCase,
    private readonly save: SaveJourneyUseCase,
    private readonly publishing: PublishJourneyUseCase,
    private readonly status: SetJourneyStatusUseCase,
    private readonly deletion: DeleteJourneyUseCase,
    private readonly readyMade: InstallReadyMadeUseCase,
  ) {}

  @Post('ready-made')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Install the ready-made journeys (cart abandonment, welcome-back, restock notice, flagship secret coupon, first-order follow-up)',
    description:
      'Creates or refreshes their drafts and publishes what changed; running it again with the same options changes nothing. ' +
      'Their templates, channel, segments and coupon pools must exist first: otherwise nothing is installed and the 400 names each missing one ' +
      'as `journeys.<key>.<field>`.',
  })
  @ApiBody({ type: InstallReadyMadeDto, examples: { demo: { summary: 'Demo waits, no holdout', value: { waitScale: 1 / 360, holdout: 0 } } } })
  installReadyMade(
    @CurrentWorkspace() ws: WorkspaceConfig,
    @Body() body: InstallReadyMadeDto,
    @Headers('authorization') authorization?: string,
  ): Promise<InstalledJourney[]> {
    return this.readyMade.execute({ ...body, workspaceId: ws.id, authorization });
  }

  @Post()
  @ApiOperation({ summary: 'Create a journey draft (validated; a 400 names the field or step at fault)', description: REFERENCES })
  @ApiBody({ description: 'A journey (docs/design.md §7)', examples: { cart: EXAMPLE } })
  create(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: unknown, @Headers('authorization') authorization?: string): Promise<JourneyView> {
    return this.save.execute({ workspaceId: ws.id, body, authorization });
  }

  @Get()
  @ApiOperation({ summary: "List the workspace's journeys" })
  list(@CurrentWorkspace() ws: WorkspaceConfig): Promise<JourneyView[]> {
    return this.listing.execute({ workspaceId: ws.id });
  }

  @Get(':id')
  @ApiParam(ID)
  @ApiOperation({ summary: 'One journey with its draft and current version' })
  get(@CurrentWorkspace() ws: WorkspaceConfig, @Param('id') id: string): Promise<JourneyView> {
    return this.reading.execute({ workspaceId: ws.id, idOrKey: id });
  }

  @Put(':id')
  @ApiParam(ID)
  @ApiOperation({ summary: 'Replace the draft (published versions are immutable; publish again to use it)', description: REFERENCES })
  @ApiBody({ description: 'The whole journey; its key cannot change', examples: { cart: EXAMPLE } })
  update(
    @CurrentWorkspace() ws: WorkspaceConfig,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('authorization') authorization?: string,
  ): Promise<JourneyView> {
    return this.save.execute({ workspaceId: ws.id, idOrKey: id, body, authorization });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiParam(ID)
  @ApiOperation({ summary: 'Delete the journey, its versions and runs' })
  async remove(@CurrentWorkspace() ws: WorkspaceConfig, @Param('id') id: string): Promise<void> {
    await this.deletion.execute({ workspaceId: ws.id, idOrKey: id });
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiParam(ID)
  @ApiOperation({
    summary: 'Publish the draft as a new immutable version; running users stay on theirs',
    description: `The references are checked again. ${REFERENCES}`,
  })
  publish(@CurrentWorkspace() ws: WorkspaceConfig, @Param('id') id: string, @Headers('authorization') authorization?: string): Promise<JourneyView> {
    return this.publishing.execute({ workspaceId: ws.id, idOrKey: id, authorization });
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiParam(ID)
  @ApiOperation({ summary: 'Stop new entries; running users go on' })
  pause(@CurrentWorkspace() ws: WorkspaceConfig, @Param('id') id: string): Promise<JourneyView> {
    return this.status.execute({ workspaceId: ws.id, idOrKey: id, action: 'pause' });
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiParam(ID)
  @ApiOperation({ summary: 'Accept new entries again' })
  resume(@CurrentWorkspace() ws: WorkspaceConfig, @Param('id') id: string): Promise<JourneyView> {
    return this.status.execute({ workspaceId: ws.id, idOrKey: id, action: 'resume' });
  }
}
