import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { parseAudienceQuery } from './query-audience/parse-audience-query';
import { QueryAudienceUseCase } from './query-audience/query-audience.usecase';

@ApiTags('audiences')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/audiences')
export class AudiencesController {
  constructor(private readonly audience: QueryAudienceUseCase) {}

  @Post('query')
  @HttpCode(200)
  @ApiOperation({ summary: 'Users who did an event with given item properties within a window and not another event since (paginated)' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['event', 'where', 'within'],
      properties: {
        event: { type: 'string' },
        where: { type: 'object', description: 'Item properties compared for equality' },
        within: { type: 'string', description: 'Duration such as 30d; window (now - within, now]' },
        notFollowedBy: { type: 'string', description: 'Exclude users who did this event at or after their last matching one' },
        limit: { type: 'integer', description: 'Page size, default 1000, at most 10000' },
        after: { type: 'string', description: 'The `next` of the previous page' },
      },
    },
    examples: { restock: { value: { event: 'Product Added', where: { productId: 'P-100' }, within: '30d', notFollowedBy: 'Order Completed' } } },
  })
  query(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: unknown) {
    return this.audience.execute(parseAudienceQuery(ws.id, body));
  }
}
