import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { GetUserSegmentsUseCase } from './get-user-segments/get-user-segments.usecase';

@ApiTags('segments')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/users')
export class UsersController {
  constructor(private readonly userSegments: GetUserSegmentsUseCase) {}

  @Get(':userId/segments')
  @ApiParam({ name: 'userId' })
  @ApiQuery({ name: 'explain', required: false, description: '`true`: every segment, with why the user is in or out now' })
  @ApiOperation({ summary: 'The segments a user is in; with explain, per condition: counts in window, last occurrence, next change' })
  getUserSegments(@CurrentWorkspace() ws: WorkspaceConfig, @Param('userId') userId: string, @Query('explain') explain?: string) {
    return this.userSegments.execute({ workspaceId: ws.id, userId, explain: explain === 'true' || explain === '1' });
  }
}
