import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ExportUserUseCase, MessagingExport } from './export-user/export-user.usecase';

@ApiTags('people')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/users')
export class PeopleController {
  constructor(private readonly exportUser: ExportUserUseCase) {}

  @Get(':userId/export/messaging')
  @ApiParam({ name: 'userId', description: 'Any id of the person' })
  @ApiOperation({ summary: 'Everything messaging holds about the person: consents with their history, and every message with its context and content' })
  export(@CurrentWorkspace() ws: WorkspaceConfig, @Param('userId') userId: string): Promise<MessagingExport> {
    return this.exportUser.execute({ workspaceId: ws.id, userId });
  }
}
