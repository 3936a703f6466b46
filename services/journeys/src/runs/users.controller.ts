import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListUserJourneysUseCase, UserJourneyView } from './list-user-journeys/list-user-journeys.usecase';

@ApiTags('journeys')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/users')
export class UsersController {
  constructor(private readonly userJourneys: ListUserJourneysUseCase) {}

  @Get(':userId/journeys')
  @ApiOperation({ summary: "The user's runs: journey, version, step, status, group, exit reason" })
  list(@CurrentWorkspace() ws: WorkspaceConfig, @Param('userId') userId: string): Promise<UserJourneyView[]> {
    return this.userJourneys.execute({ workspaceId: ws.id, userId });
  }
}
