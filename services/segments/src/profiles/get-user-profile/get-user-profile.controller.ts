import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { GetUserProfileUseCase, UserProfileView } from './get-user-profile.usecase';

const SCHEMA = {
  type: 'object',
  properties: {
    userId: { type: 'string' },
    traits: { type: 'object', description: 'Traits from identify calls (the latest value of each)' },
    identities: {
      type: 'array',
      description: 'Ids merged into this user (anonymousId, alias previousId), oldest link first',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          kind: { type: 'string', enum: ['anonymous', 'alias'], description: 'An anonymous id (an event with both ids) or an alias’s previous id' },
          linkedAt: { type: 'string', format: 'date-time' },
        },
      },
    },
    totals: {
      type: 'object',
      description: 'Per event name: lifetime count, first and last occurrence',
      additionalProperties: { type: 'object', properties: { count: { type: 'integer' }, firstAt: { type: 'string' }, lastAt: { type: 'string' } } },
    },
    events: {
      type: 'array',
      description: 'The newest retained events (at most 100), newest first',
      items: { type: 'object', properties: { name: { type: 'string' }, at: { type: 'string', format: 'date-time' }, properties: { type: 'object' } } },
    },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

@ApiTags('segments')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/users')
export class GetUserProfileController {
  constructor(private readonly profile: GetUserProfileUseCase) {}

  @Get(':userId/profile')
  @ApiParam({ name: 'userId' })
  @ApiOperation({
    summary: 'One person as segments knows them: traits, merged identities, event totals and the newest events',
    description: '404 NOT_FOUND for an id segments has never seen (or one merged into another user, named in the message).',
  })
  @ApiResponse({ status: 200, schema: SCHEMA })
  get(@CurrentWorkspace() ws: WorkspaceConfig, @Param('userId') userId: string): Promise<UserProfileView> {
    return this.profile.execute({ workspaceId: ws.id, userId });
  }
}
