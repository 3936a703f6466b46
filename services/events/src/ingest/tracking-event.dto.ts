import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsObject, IsOptional, IsString, Length, ValidateIf } from 'class-validator';

export const EVENT_TYPES = ['track', 'identify', 'page', 'screen', 'alias', 'group'] as const;
export type IngestType = (typeof EVENT_TYPES)[number];

const ID = [1, 256] as const;
const BOUNDS =
  'At most 256 keys (of at most 256 characters), text values of at most 8 KiB anywhere inside, 32 KiB as JSON in all; more is a 400 naming the field.';
const needsId = (e: TrackingEventDto) => e.type !== 'alias' && e.anonymousId === undefined;

/**
 * One event as Segment's HTTP Tracking API takes it. Unknown fields (SDK
 * metadata such as `_metadata`, `channel`, `version`) are ignored.
 */
export class TrackingEventDto {
  @ApiProperty({ enum: EVENT_TYPES, description: 'Set by the endpoint for single calls; required inside a batch.' })
  @IsIn(EVENT_TYPES, { message: `type must be one of ${EVENT_TYPES.join(', ')}` })
  type!: IngestType;

  @ApiPropertyOptional({ description: 'Your id for the user; userId or anonymousId is required (userId for alias).', example: 'u-1' })
  @ValidateIf((e: TrackingEventDto) => e.userId !== undefined || needsId(e) || e.type === 'alias')
  @IsString({ message: 'userId must be a string (userId or anonymousId is required; alias requires userId)' })
  @Length(...ID)
  userId?: string;

  @ApiPropertyOptional({ description: 'Device or cookie id before the user is known.', example: 'anon-7f3a' })
  @IsOptional()
  @IsString()
  @Length(...ID)
  anonymousId?: string;

  @ApiPropertyOptional({ description: 'Unique per event; repeats within 24 h are answered 200 and not published again. Generated when missing.' })
  @IsOptional()
  @IsString()
  @Length(...ID)
  messageId?: string;

  @ApiPropertyOptional({ description: 'track: the event name.', example: 'Product Viewed' })
  @ValidateIf((e: TrackingEventDto) => e.type === 'track' || e.event !== undefined)
  @IsString()
  @Length(1, 256)
  event?: string;

  @ApiPropertyOptional({ description: 'page / screen: the page or screen name.', example: 'Home' })
  @IsOptional()
  @IsString()
  @Length(0, 256)
  name?: string;

  @ApiPropertyOptional({ description: 'alias: the previous id (usually the anonymousId) merged into userId.' })
  @ValidateIf((e: TrackingEventDto) => e.type === 'alias' || e.previousId !== undefined)
  @IsString()
  @Length(...ID)
  previousId?: string;

  @ApiPropertyOptional({ description: 'group: the account or company the user belongs to.', example: 'acme' })
  @ValidateIf((e: TrackingEventDto) => e.type === 'group' || e.groupId !== undefined)
  @IsString()
  @Length(...ID)
  groupId?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: BOUNDS })
  @IsOptional()
  @IsObject()
  properties?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: `${BOUNDS} An identify without traits takes context.traits (where RudderStack's browser SDK puts them).`,
  })
  @IsOptional()
  @IsObject()
  traits?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  context?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Accepted and ignored.' })
  @IsOptional()
  @IsObject()
  integrations?: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      'When it happened (ISO 8601), on the producer clock; from 2000-01-01 on. Corrected by sentAt; more than 5 minutes ahead of receipt is clamped to receipt.',
    example: '2026-11-02T10:00:00.000Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'timestamp must be an ISO 8601 date-time' })
  timestamp?: string;

  @ApiPropertyOptional({ description: 'RudderStack SDKs: the timestamp, used when `timestamp` is absent.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'originalTimestamp must be an ISO 8601 date-time' })
  originalTimestamp?: string;

  @ApiPropertyOptional({
    description:
      'The write key, when a browser sends it in the body (analytics.js, text/plain) rather than as the Basic user name; checked before anything else and not part of the event.',
  })
  @IsOptional()
  @IsString()
  writeKey?: string;

  @ApiPropertyOptional({ description: 'When the producer sent it (ISO 8601), on the same clock, from 2000-01-01 on; corrects its skew.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'sentAt must be an ISO 8601 date-time' })
  sentAt?: string;
}
