import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsObject, IsOptional, IsString, Length } from 'class-validator';

/** An event about an item rather than a person. Unknown fields are ignored. */
export class CatalogEventDto {
  @ApiProperty({ example: 'Product Restocked' })
  @IsString()
  @Length(1, 256)
  event!: string;

  @ApiProperty({ description: 'The item (product id, SKU).', example: 'P-100' })
  @IsString()
  @Length(1, 256)
  itemId!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  properties?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Unique per event; repeats within 24 h are not published again. Generated when missing.' })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  messageId?: string;

  @ApiPropertyOptional({ example: '2026-11-02T10:00:00.000Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'timestamp must be an ISO 8601 date-time' })
  timestamp?: string;

  @ApiPropertyOptional({ description: 'When the producer sent it, on the same clock as timestamp; corrects its skew.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'sentAt must be an ISO 8601 date-time' })
  sentAt?: string;
}
