/**
 * A problem with what a caller sent. Carries a stable machine-readable code and,
 * for validation problems, the offending field paths. The HTTP layer maps it to
 * a 4xx; it never becomes a 500.
 */
export interface FieldProblem {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class ValidationFailed extends DomainError {
  constructor(fields: FieldProblem[], message = describe(fields)) {
    super('VALIDATION_FAILED', message, 400, fields);
    this.name = 'ValidationFailed';
  }
}

export class NotFound extends DomainError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} ${JSON.stringify(id)} was not found`, 404);
    this.name = 'NotFound';
  }
}

export class Conflict extends DomainError {
  constructor(code: string, message: string) {
    super(code, message, 409);
    this.name = 'Conflict';
  }
}

function describe(fields: FieldProblem[]): string {
  if (fields.length === 0) return 'validation failed';
  const first = fields[0];
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more)` : '';
  return `${first.path || '(body)'}: ${first.message}${more}`;
}
