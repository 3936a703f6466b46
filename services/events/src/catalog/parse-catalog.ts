import { DomainError, FieldProblem, ValidationFailed } from '@cairn/core';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { assertSafeShape, jsonBytes } from '@cairn/runtime';
import { MAX_EVENT_BYTES } from '../ingest/parse-tracking';
import { CatalogEventDto } from './catalog-event.dto';

/** Validates a catalog event body: the same shape, size and field-path rules as behaviour events. */
export function parseCatalogEvent(body: unknown): CatalogEventDto {
  assertSafeShape(body);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationFailed([{ path: '(body)', message: 'must be a JSON object' }]);
  if (jsonBytes(body) > MAX_EVENT_BYTES) throw new DomainError('EVENT_TOO_LARGE', 'an event may be at most 32 KB', 413);
  const dto = plainToInstance(CatalogEventDto, body);
  const found: FieldProblem[] = validateSync(dto, { whitelist: true, stopAtFirstError: true }).flatMap((e) => Object.values(e.constraints ?? {}).map((message) => ({ path: e.property, message })));
  for (const field of ['timestamp', 'sentAt'] as const) {
    if (dto[field] !== undefined && Number.isNaN(Date.parse(dto[field]))) found.push({ path: field, message: 'must be a calendar date-time' });
  }
  if (found.length) throw new ValidationFailed(found);
  return dto;
}
