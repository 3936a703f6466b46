import { WorkspaceConfig } from '@cairn/config';
import { CurrentWorkspace } from '@cairn/runtime';
import { applyDecorators, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBasicAuth, ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { WriteKeyChecked } from '../http/write-key-checked.guard';
import { IngestEventsUseCase } from './ingest-events/ingest-events.usecase';
import { INGEST_EXAMPLES } from './ingest-examples';
import { parseBatch, parseSingle } from './parse-tracking';
import { IngestType, TrackingEventDto } from './tracking-event.dto';

const OK = { success: true } as const;

/** The documented answers every ingest endpoint shares. */
export const IngestResponses = () =>
  applyDecorators(
    HttpCode(200),
    ApiOkResponse({ description: 'Accepted (committed durably; a repeated messageId is accepted and not published again).', schema: { example: OK } }),
    ApiResponse({
      status: 400,
      description: 'VALIDATION_FAILED (with field paths), INVALID_JSON, INVALID_UTF8, INVALID_ENCODING, TOO_DEEP, FORBIDDEN_KEY',
      schema: {
        example: {
          code: 'VALIDATION_FAILED',
          message: 'batch[3].userId: userId must be a string',
          fields: [{ path: 'batch[3].userId', message: 'userId must be a string' }],
        },
      },
    }),
    ApiResponse({ status: 401, description: 'UNAUTHORIZED: missing or unknown write key' }),
    ApiResponse({ status: 403, description: 'ORIGIN_NOT_ALLOWED: from a browser page of an origin the workspace does not list (allowedOrigins)' }),
    ApiResponse({ status: 413, description: 'PAYLOAD_TOO_LARGE (body over 500 KB after gunzip) or EVENT_TOO_LARGE (an event over 32 KB)' }),
    ApiResponse({ status: 415, description: 'UNSUPPORTED_ENCODING or UNSUPPORTED_CHARSET' }),
    ApiResponse({ status: 429, description: 'RATE_LIMITED: the workspace exceeds ingestRatePerSecond; see Retry-After' }),
  );

/** The paths analytics.js posts to (`${apiHost}/${type[0]}`): the same endpoints (OpenAPI lists them under both paths). */
export const SHORT_PATHS: Record<IngestType | 'batch', string> = {
  track: 't',
  identify: 'i',
  page: 'p',
  screen: 's',
  alias: 'a',
  group: 'g',
  batch: 'b',
};

const BROWSER_NOTE =
  'From a browser page of an origin the workspace lists (allowedOrigins, CORS), with any content type (text/plain too), the write key also as the writeKey query parameter or body field.';

const single = (type: IngestType, summary: string) =>
  applyDecorators(
    Post([type, SHORT_PATHS[type]]),
    ApiOperation({ summary, description: `analytics.js posts the same to /v1/${SHORT_PATHS[type]}. ${BROWSER_NOTE}` }),
    ApiBody({ type: TrackingEventDto, examples: { [type]: { value: INGEST_EXAMPLES[type] } } }),
    IngestResponses(),
  );

/**
 * Segment's HTTP Tracking API, under its long paths and analytics.js's short
 * ones. Write key as the Basic-auth user name or a Bearer token (or, from
 * browsers, the writeKey query parameter or body field), checked before the
 * body is read (http/write-key.ts).
 */
@ApiTags('ingest')
@ApiBasicAuth()
@ApiBearerAuth()
@WriteKeyChecked()
@Controller('v1')
export class TrackingController {
  constructor(private readonly ingest: IngestEventsUseCase) {}

  @single('track', 'Record an action a user performed')
  async track(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: unknown) {
    return this.one(ws, body, 'track');
  }

  @single('identify', 'Tie a user to their traits; with anonymousId too it links the anonymous history')
  async identify(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: unknown) {
    return this.one(ws, body, 'identify');
  }

  @single('page', 'Record a page view')
  async page(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: unknown) {
    return this.one(ws, body, 'page');
  }

  @single('screen', 'Record an app screen view')
  async screen(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: unknown) {
    return this.one(ws, body, 'screen');
  }

  @single('alias', 'Merge previousId into userId')
  async alias(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: unknown) {
    return this.one(ws, body, 'alias');
  }

  @single('group', 'Tie a user to an account or company')
  async group(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: unknown) {
    return this.one(ws, body, 'group');
  }

  @Post(['batch', SHORT_PATHS.batch])
  @ApiOperation({
    summary: 'Several events of any type in one request (at most 500 KB, 32 KB per event, 2,000 events)',
    description: `analytics.js posts the same to /v1/b, RudderStack's beacons to /beacon/v1/batch?writeKey=. ${BROWSER_NOTE}`,
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['batch'],
      properties: {
        batch: { type: 'array', items: { $ref: '#/components/schemas/TrackingEventDto' } },
        sentAt: { type: 'string', format: 'date-time' },
        context: { type: 'object' },
      },
    },
    examples: { batch: { value: INGEST_EXAMPLES.batch } },
  })
  @IngestResponses()
  async batch(@CurrentWorkspace() ws: WorkspaceConfig, @Body() body: unknown) {
    return ingestBatch(this.ingest, ws, body);
  }

  private async one(ws: WorkspaceConfig, body: unknown, type: IngestType) {
    // A key a browser put in the body (writeKey) was checked before; it is not a field of the event.
    await this.ingest.execute({ workspace: ws, events: parseSingle(body, type).events });
    return OK;
  }
}

/** One batch request, whichever path it came by (`/v1/batch`, `/v1/b`, `/beacon/v1/batch`). */
export async function ingestBatch(ingest: IngestEventsUseCase, ws: WorkspaceConfig, body: unknown): Promise<typeof OK> {
  const parsed = parseBatch(body);
  await ingest.execute({ workspace: ws, events: parsed.events, sentAt: parsed.sentAt, at: parsed.at });
  return OK;
}
