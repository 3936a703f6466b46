import { WorkspaceConfig } from '@cairn/config';
import { ValidationFailed } from '@cairn/core';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { EventsExport, ExportUserUseCase } from './export-user/export-user.usecase';

const MAX_IDS = 100;

@ApiTags('people')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/users')
export class PeopleController {
  constructor(private readonly exportUser: ExportUserUseCase) {}

  @Get(':userId/export/events')
  @ApiParam({ name: 'userId', description: 'An id of the person' })
  @ApiQuery({
    name: 'ids',
    required: false,
    description: `More ids of the person, comma-separated (at most ${MAX_IDS}); the events service keeps no identity links`,
  })
  @ApiOperation({ summary: 'What the events service holds about the person: their events accepted and not yet published' })
  export(@CurrentWorkspace() ws: WorkspaceConfig, @Param('userId') userId: string, @Query('ids') more?: string): Promise<EventsExport> {
    const ids = [...new Set([userId, ...(more ? more.split(',').filter((id) => id.length > 0) : [])])];
    if (ids.length > MAX_IDS) throw new ValidationFailed([{ path: 'ids', message: `at most ${MAX_IDS} ids` }]);
    return this.exportUser.execute({ workspaceId: ws.id, ids });
  }
}
