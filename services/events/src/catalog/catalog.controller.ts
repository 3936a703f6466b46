import { WorkspaceConfig } from '@cairn/config';
import { CurrentWorkspace } from '@cairn/runtime';
import { Body, Controller, Post } from '@nestjs/common';
import { ApiBasicAuth, ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WriteKeyChecked } from '../http/write-key-checked.guard';
import { IngestResponses } from '../ingest/tracking.controller';
import { CatalogEventDto } from './catalog-event.dto';
import { IngestCatalogEventsUseCase } from './ingest-catalog-events/ingest-catalog-events.usecase';
import { parseCatalogEvent } from './parse-catalog';

const EXAMPLES = {
  restocked: { value: { event: 'Product Restocked', itemId: 'P-100', properties: { stock: 40 }, messageId: 'c-1', timestamp: '2026-11-02T10:00:00.000Z' } },
  priceDropped: { value: { event: 'Price Dropped', itemId: 'P-100', properties: { from: 39000, to: 29000 }, messageId: 'c-2' } },
};

@ApiTags('ingest')
@ApiBasicAuth()
@ApiBearerAuth()
@WriteKeyChecked()
@Controller('v1/catalog')
export class CatalogController {
  constructor(private readonly ingest: IngestCatalogEventsUseCase) {}

  @Post('events')
  @ApiOperation({ summary: 'Record an event about an item (restock, price drop); published keyed by item' })
  @ApiBody({ type: CatalogEventDto, examples: EXAMPLES })
  @IngestResponses()
  async record(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: unknown) {
    await this.ingest.execute({ workspace: ws, events: [parseCatalogEvent(body)] });
    return { success: true };
  }
}
