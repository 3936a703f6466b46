import { DomainError, FieldProblem, ValidationFailed } from '@cairn/core';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { assertSafeShape, jsonBytes } from '@cairn/runtime';
import { MAX_EVENT_BYTES } from '../ingest/parse-tracking';
import { dateProblem } from '../ingest/validate-event';
import { idCharacterProblem, objectBoundsProblem } from '../ingest/value-bounds';
import { CatalogEventDto } from './catalog-event.dto';

/** What class-validator does not say: ids free of control characters, bounded properties, dates from 2000 on. */
function extraProblems(dto: CatalogEventDto): FieldProblem[] {
  const found: FieldProblem[] = [];
  for (const field of ['itemId', 'messageId'] as const) {
    const problem = typeof dto[field] === 'string' ? idCharacterProblem(dto[field]) : undefined;
    if (problem) found.push({ path: field, message: problem });
  }
  const plain = typeof dto.properties === 'object' && dto.properties !== null && !Array.isArray(dto.properties);
  const bounds = plain ? objectBoundsProblem(dto.properties!, 'properties') : undefined;
  if (bounds) found.push(bounds);
  for (const field of ['timestamp', 'sentAt'] as const) {
    const problem = dto[field] === undefined ? undefined : dateProblem(field, dto[field]);
    if (problem) found.push({ path: field, message: problem });
  }
  return found;
}

/** Validates a catalog event body: the same shape, size and field-path rules as behaviour events. */
export function parseCatalogEvent(body: unknown): CatalogEventDto {
  assertSafeShape(body);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationFailed([{ path: '(body)', message: 'must be a JSON object' }]);
  // As for behaviour events, `null` means absent (SDKs send null for what they do not have).
  const present = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null));
  const dto = plainToInstance(CatalogEventDto, present);
  const found: FieldProblem[] = validateSync(dto, { whitelist: true, stopAtFirstError: true }).flatMap((e) =>
    Object.values(e.constraints ?? {}).map((message) => ({ path: e.property, message })),
  );
  const failed = new Set(found.map((f) => f.path));
  found.push(...extraProblems(dto).filter((f) => !failed.has(f.path.split('.')[0])));
  if (found.length) throw new ValidationFailed(found);
  if (jsonBytes(body) > MAX_EVENT_BYTES)
    throw new DomainError('EVENT_TOO_LARGE', 'an event may be at most 32 KB', 413, [{ path: '(body)', message: 'larger than 32 KB' }]);
  return dto;
}
