import { WorkspaceConfig } from '@cairn/config';
import { CurrentWorkspace } from '@cairn/runtime';
import { Body, Controller, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { WriteKeyChecked } from '../http/write-key-checked.guard';
import { IngestEventsUseCase } from './ingest-events/ingest-events.usecase';
import { ingestBatch, IngestResponses } from './tracking.controller';

/**
 * RudderStack's beacons: `navigator.sendBeacon` (used with `useBeacon`, and
 * for the events of a page being left) posts a text/plain batch to
 * `<dataPlaneUrl>/beacon/v1/batch?writeKey=<key>`, the key in the query since
 * a beacon carries no header. The same batch as `/v1/batch`.
 */
@ApiTags('browser')
@WriteKeyChecked()
@Controller('beacon/v1')
export class BeaconController {
  constructor(private readonly ingest: IngestEventsUseCase) {}

  @Post('batch')
  @ApiOperation({ summary: "RudderStack's beacon batch (sendBeacon, text/plain, the write key in the query); as /v1/batch" })
  @ApiQuery({ name: 'writeKey', required: true, description: 'The write key (a beacon sends no Authorization header)' })
  @ApiBody({
    schema: { type: 'object', required: ['batch'], properties: { batch: { type: 'array', items: { $ref: '#/components/schemas/TrackingEventDto' } } } },
  })
  @IngestResponses()
  async batch(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: unknown) {
    return ingestBatch(this.ingest, ws, body);
  }
}
