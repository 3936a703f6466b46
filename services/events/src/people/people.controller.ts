import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { EventsExport, ExportUserUseCase } from './export-user/export-user.usecase';

@ApiTags('people')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/users')
export class PeopleController {
  constructor(private readonly exportUser: ExportUserUseCase) {}

  @Get(':userId/export/events')
  @ApiParam({ name: 'userId', description: 'An id of the person (the events service keeps no identity links: ask for each id)' })
  @ApiOperation({ summary: 'What the events service holds under this id: its events accepted and not yet published' })
  export(@CurrentWorkspace() ws: WorkspaceConfig, @Param('userId') userId: string): Promise<EventsExport> {
    return this.exportUser.execute({ workspaceId: ws.id, ids: [userId] });
  }
}
