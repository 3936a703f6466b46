import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ExportUserUseCase, JourneysExport } from './export-user/export-user.usecase';

@ApiTags('people')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/users')
export class PeopleController {
  constructor(private readonly exportUser: ExportUserUseCase) {}

  @Get(':userId/export/journeys')
  @ApiParam({ name: 'userId', description: 'Any id of the person' })
  @ApiOperation({ summary: 'Everything journeys holds about the person: traits, memberships, every run with its state, sends and coupon, item interest' })
  export(@CurrentWorkspace() ws: WorkspaceConfig, @Param('userId') userId: string): Promise<JourneysExport> {
    return this.exportUser.execute({ workspaceId: ws.id, userId });
  }
}
