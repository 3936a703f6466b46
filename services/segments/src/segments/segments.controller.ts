import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CreateSegmentUseCase } from './create-segment/create-segment.usecase';
import { DeleteSegmentUseCase } from './delete-segment/delete-segment.usecase';
import { GetSegmentUseCase } from './get-segment/get-segment.usecase';
import { InstallLifecycleUseCase } from './install-lifecycle/install-lifecycle.usecase';
import { ListMembersUseCase } from './list-members/list-members.usecase';
import { ListSegmentsUseCase } from './list-segments/list-segments.usecase';
import { PREVIEW_MAX_USERS, PreviewSegmentUseCase } from './preview-segment/preview-segment.usecase';
import { UpdateSegmentUseCase } from './update-segment/update-segment.usecase';
import { DELETE_DESCRIPTION, DORMANT_EXAMPLE, FLAGSHIP_EXAMPLE, SEGMENT_BODY_SCHEMA } from './openapi-examples';
import { MAX_KEYS, parseFlag, parseKeys, parseLimit } from './query-parameters';

@ApiTags('segments')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/segments')
export class SegmentsController {
  constructor(
    private readonly create: CreateSegmentUseCase,
    private readonly update: UpdateSegmentUseCase,
    private readonly remove: DeleteSegmentUseCase,
    private readonly list: ListSegmentsUseCase,
    private readonly read: GetSegmentUseCase,
    private readonly members: ListMembersUseCase,
    private readonly preview: PreviewSegmentUseCase,
    private readonly lifecycle: InstallLifecycleUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a segment; it is then backfilled over stored user states' })
  @ApiBody({ schema: SEGMENT_BODY_SCHEMA, examples: { flagship: { value: FLAGSHIP_EXAMPLE }, dormant: { value: DORMANT_EXAMPLE } } })
  @ApiResponse({ status: 201, description: 'Created' })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED with the path in the condition tree' })
  @ApiResponse({ status: 409, description: 'SEGMENT_EXISTS' })
  createSegment(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: unknown) {
    return this.create.execute({ workspaceId: ws.id, body });
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Count who would be in a segment now, with a sample; nothing is saved',
    description: `Evaluates at most ${PREVIEW_MAX_USERS} users (or \`maxUsers\`), the first in user id order. The answer is \`{ count, evaluated, truncated, sample }\`; \`truncated: true\` means users remain beyond \`evaluated\`, so \`count\` is a lower bound.`,
  })
  @ApiBody({
    schema: { type: 'object', required: ['condition'], properties: { condition: { type: 'object' } } },
    examples: { flagship: { value: { condition: FLAGSHIP_EXAMPLE.condition } } },
  })
  @ApiQuery({ name: 'sample', required: false, description: 'Sample size (default 10, at most 100)' })
  @ApiQuery({ name: 'maxUsers', required: false, description: `Users evaluated at most (default and maximum ${PREVIEW_MAX_USERS})` })
  previewSegment(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: unknown, @Query('sample') sample?: string, @Query('maxUsers') maxUsers?: string) {
    const max = parseLimit(maxUsers, PREVIEW_MAX_USERS, PREVIEW_MAX_USERS, 'maxUsers');
    return this.preview.execute({ workspaceId: ws.id, body, sampleSize: parseLimit(sample, 10, 100, 'sample'), maxUsers: max });
  }

  @Post('lifecycle')
  @ApiOperation({ summary: 'Install (or update) the lifecycle stages prospect, new, loyal, dormant, returning; they never overlap' })
  @ApiBody({
    schema: {
      type: 'object',
      properties: { dormantAfter: { type: 'string', description: 'default 30d' }, loyalOrders: { type: 'integer', minimum: 2, description: 'default 3' } },
    },
    examples: { defaults: { value: {} }, custom: { value: { dormantAfter: '45d', loyalOrders: 4 } } },
  })
  installLifecycle(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: unknown) {
    return this.lifecycle.execute({ workspaceId: ws.id, body });
  }

  @Get()
  @ApiOperation({ summary: 'List the workspace\u2019s segments' })
  @ApiQuery({
    name: 'keys',
    required: false,
    description: `Only the segments with these keys, comma-separated (at most ${MAX_KEYS}); keys that do not exist are left out`,
  })
  async listSegments(@CurrentWorkspace() ws: WorkspaceConfig, @Query('keys') keys?: string) {
    return { segments: await this.list.execute({ workspaceId: ws.id, keys: parseKeys(keys) }) };
  }

  @Get(':id')
  @ApiParam({ name: 'id', description: 'Segment id or key' })
  @ApiOperation({ summary: 'Get a segment' })
  getSegment(@CurrentWorkspace() ws: WorkspaceConfig, @Param('id') id: string) {
    return this.read.execute({ workspaceId: ws.id, segment: id });
  }

  @Put(':id')
  @ApiParam({ name: 'id', description: 'Segment id or key' })
  @ApiOperation({ summary: 'Replace a segment\u2019s definition (same key); re-evaluated over stored user states' })
  @ApiBody({ schema: SEGMENT_BODY_SCHEMA, examples: { flagship: { value: FLAGSHIP_EXAMPLE } } })
  updateSegment(@CurrentWorkspace() ws: WorkspaceConfig, @Param('id') id: string, @Body() body: unknown) {
    return this.update.execute({ workspaceId: ws.id, segment: id, body });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiParam({ name: 'id', description: 'Segment id or key' })
  @ApiOperation({
    summary: 'Delete a segment; nothing more is published for it',
    description: DELETE_DESCRIPTION,
  })
  @ApiResponse({ status: 204, description: 'Deleted: its memberships are gone from members and user segments as soon as this answers' })
  @ApiResponse({ status: 404, description: 'No such segment in this workspace' })
  @ApiResponse({ status: 409, description: 'SEGMENT_REFERENCED: another segment references it' })
  async deleteSegment(@CurrentWorkspace() ws: WorkspaceConfig, @Param('id') id: string): Promise<void> {
    await this.remove.execute({ workspaceId: ws.id, segment: id });
  }

  @Get(':id/members')
  @ApiParam({ name: 'id', description: 'Segment id or key' })
  @ApiQuery({ name: 'limit', required: false, description: 'Page size (default 100, at most 1000)' })
  @ApiQuery({ name: 'after', required: false, description: 'The `next` value of the previous page' })
  @ApiQuery({ name: 'traits', required: false, description: '`true`: each member with their traits (messaging reads broadcast recipients this way)' })
  @ApiOperation({ summary: 'A page of the segment\u2019s members, in user id order' })
  listMembers(
    @CurrentWorkspace() ws: WorkspaceConfig,
    @Param('id') id: string,
    @Query('limit') limit?: string,
    @Query('after') after?: string,
    @Query('traits') traits?: string,
  ) {
    return this.members.execute({ workspaceId: ws.id, segment: id, limit: parseLimit(limit, 100, 1000), after, traits: parseFlag(traits, 'traits') });
  }
}
