import { DomainError } from '@cairn/core';
import { ArgumentMetadata } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MAX_PARAMETER_LENGTH, rejectUnsafePath, SafeParametersPipe } from './parameters';

const pipe = new SafeParametersPipe();
const param = (data: string, metatype: ArgumentMetadata['metatype'] = String): ArgumentMetadata => ({ type: 'param', data, metatype });
const query = (data: string | undefined, metatype: ArgumentMetadata['metatype'] = String): ArgumentMetadata => ({ type: 'query', data, metatype });

function refusal(value: unknown, metadata: ArgumentMetadata): { code: string; status: number; path: string } | undefined {
  try {
    pipe.transform(value, metadata);
    return undefined;
  } catch (error) {
    const e = error as DomainError;
    return { code: e.code, status: e.status, path: e.fields[0]?.path };
  }
}

describe('path and query parameters', () => {
  it('passes ordinary ids, keys, cursors and lists through unchanged', () => {
    expect(pipe.transform('minji', param('userId'))).toBe('minji');
    expect(pipe.transform('x'.repeat(MAX_PARAMETER_LENGTH), query('after'))).toHaveLength(MAX_PARAMETER_LENGTH);
    expect(pipe.transform(Array.from({ length: 500 }, (_, i) => `segment-${i}`).join(','), query('keys'))).toContain('segment-499');
    expect(pipe.transform(undefined, query('limit'))).toBeUndefined();
    expect(pipe.transform({ a: 1 }, { type: 'body', metatype: Object })).toEqual({ a: 1 });
  });

  it('answers a NUL, an unpaired surrogate, an over-long value and a repeated parameter with 400, the code and the name', () => {
    expect(refusal('a\u0000b', param('userId'))).toEqual({ code: 'NUL_CHARACTER', status: 400, path: 'userId' });
    expect(refusal('\u0000', query('after'))).toEqual({ code: 'NUL_CHARACTER', status: 400, path: 'after' });
    expect(refusal('a\ud800', query('journey'))).toEqual({ code: 'INVALID_PARAMETER', status: 400, path: 'journey' });
    expect(refusal('x'.repeat(MAX_PARAMETER_LENGTH + 1), param('id'))).toEqual({ code: 'PARAMETER_TOO_LONG', status: 400, path: 'id' });
    expect(refusal('x'.repeat(70_000), query('keys'))).toEqual({ code: 'PARAMETER_TOO_LONG', status: 400, path: 'keys' });
    expect(refusal(['a', 'b'], query('userId'))).toEqual({ code: 'INVALID_PARAMETER', status: 400, path: 'userId' });
  });

  it('checks every value of a whole query object and of a list parameter', () => {
    expect(refusal({ userId: 'u', after: 'x\u0000' }, query(undefined, Object))).toEqual({ code: 'NUL_CHARACTER', status: 400, path: 'after' });
    expect(refusal(['a', 'x'.repeat(300)], query('status', Object))).toEqual({ code: 'PARAMETER_TOO_LONG', status: 400, path: 'status' });
  });
});

describe('the request path', () => {
  function run(path: string): { passed: boolean; status?: number; body?: { code: string } } {
    const out: { passed: boolean; status?: number; body?: { code: string } } = { passed: false };
    const res = { status: (code: number) => ((out.status = code), { json: (body: { code: string }) => void (out.body = body) }) };
    rejectUnsafePath({ path } as Request, res as unknown as Response, (() => void (out.passed = true)) as NextFunction);
    return out;
  }

  it('passes percent-encoded UTF-8 and refuses broken encodings and NUL characters with 400 and a code', () => {
    expect(run('/v1/users/%EB%AF%BC%EC%A7%80/segments').passed).toBe(true);
    expect(run('/v1/segments/%E0%A4%A')).toMatchObject({ passed: false, status: 400, body: { code: 'INVALID_PARAMETER' } });
    expect(run('/v1/users/%ff/journeys')).toMatchObject({ status: 400, body: { code: 'INVALID_PARAMETER' } });
    expect(run('/v1/users/%ED%A0%80/journeys')).toMatchObject({ status: 400, body: { code: 'INVALID_PARAMETER' } });
    expect(run('/v1/journeys/a%00b')).toMatchObject({ status: 400, body: { code: 'NUL_CHARACTER' } });
  });
});
