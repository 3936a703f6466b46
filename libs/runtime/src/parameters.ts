import { DomainError } from '@cairn/core';
import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { hasUnpairedSurrogate } from './body-shape';

/** Longest path parameter or query value (ids, keys, user ids, cursors: the longest id Cairn stores is 256). */
export const MAX_PARAMETER_LENGTH = 256;
/** Query parameters that hold a comma-separated list (`?keys=a,b,c`), and their longest value. */
export const LIST_PARAMETER_LENGTHS: Readonly<Record<string, number>> = { keys: 64 * 1024 };

const NUL = '\u0000';

function problem(code: string, name: string, message: string): DomainError {
  return new DomainError(code, `${name}: ${message}`, 400, [{ path: name, message }]);
}

/** The first problem with one value of a path parameter or query string, or undefined. */
export function parameterProblem(name: string, value: string, maxLength = MAX_PARAMETER_LENGTH): DomainError | undefined {
  if (value.includes(NUL)) return problem('NUL_CHARACTER', name, 'must not contain the NUL character (U+0000)');
  if (hasUnpairedSurrogate(value)) return problem('INVALID_PARAMETER', name, 'must be valid Unicode (no unpaired surrogate)');
  if (value.length > maxLength) return problem('PARAMETER_TOO_LONG', name, `must be at most ${maxLength} characters`);
  return undefined;
}

function check(name: string, value: unknown, single: boolean, query: boolean): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    if (single) throw problem('INVALID_PARAMETER', name, 'must be given once');
    for (const item of value) check(name, item, true, query);
    return;
  }
  if (typeof value === 'object') {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) check(key, inner, false, query);
    return;
  }
  const max = query ? (LIST_PARAMETER_LENGTHS[name] ?? MAX_PARAMETER_LENGTH) : MAX_PARAMETER_LENGTH;
  const found = parameterProblem(name, String(value), max);
  if (found) throw found;
}

/**
 * Global pipe over every `@Param` and `@Query` value, before any handler:
 * a NUL character (Postgres cannot store it), an unpaired surrogate, a value
 * longer than MAX_PARAMETER_LENGTH (or its list length) and a query parameter
 * given twice where one string is expected all answer 400 with a code and the
 * parameter's name, instead of reaching SQL.
 */
@Injectable()
export class SafeParametersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'param' && metadata.type !== 'query') return value;
    const single = metadata.metatype === String || metadata.metatype === Number || metadata.metatype === Boolean;
    check(metadata.data ?? metadata.type, value, single, metadata.type === 'query');
    return value;
  }
}

/**
 * Express middleware before routing: a path whose percent-encoding is not
 * UTF-8, or that decodes to a NUL character, answers 400 with a code (the
 * router would answer a generic BAD_REQUEST, or hand the NUL to a handler).
 */
export function rejectUnsafePath(req: Request, res: Response, next: NextFunction): void {
  for (const segment of req.path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      res.status(400).json({
        code: 'INVALID_PARAMETER',
        message: '(path): is not valid percent-encoded UTF-8',
        fields: [{ path: '(path)', message: 'is not valid percent-encoded UTF-8' }],
      });
      return;
    }
    if (decoded.includes(NUL)) {
      res.status(400).json({
        code: 'NUL_CHARACTER',
        message: '(path): must not contain the NUL character (U+0000)',
        fields: [{ path: '(path)', message: 'must not contain the NUL character (U+0000)' }],
      });
      return;
    }
  }
  next();
}

/** Express middleware: every answer says `X-Content-Type-Options: nosniff` (Express's `X-Powered-By` is disabled at start). */
export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  next();
}
