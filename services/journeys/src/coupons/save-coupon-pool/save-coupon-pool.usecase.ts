import { CLOCK, Clock, FieldProblem, ValidationFailed } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CouponPool, CouponRepository } from '../coupon.repository';
import { couponPoolView, CouponPoolView } from '../coupon-pool.view';
import { SaveCouponPoolCommand } from './save-coupon-pool.command';

const KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const MAX_CODES = 100_000;

interface ParsedPool {
  pool: CouponPool;
  codes: string[];
}

function parse(key: string, body: unknown): ParsedPool {
  const problems: FieldProblem[] = [];
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (!KEY.test(key)) problems.push({ path: 'key', message: 'must be 1-64 letters, digits, "-" or "_"' });
  if (b.mode !== 'generated' && b.mode !== 'list') problems.push({ path: 'mode', message: 'must be generated or list' });
  const prefix = b.prefix ?? '';
  if (typeof prefix !== 'string' || prefix.length > 16) problems.push({ path: 'prefix', message: 'must be a string of at most 16 characters' });
  const length = b.length ?? 10;
  if (!Number.isInteger(length) || (length as number) < 6 || (length as number) > 32)
    problems.push({ path: 'length', message: 'must be an integer from 6 to 32' });
  const codes = b.codes ?? [];
  const valid = Array.isArray(codes) && codes.length <= MAX_CODES && codes.every((c) => typeof c === 'string' && c.length > 0 && c.length <= 64);
  if (!valid) problems.push({ path: 'codes', message: `must be an array of at most ${MAX_CODES} codes (1-64 characters)` });
  if (b.mode === 'generated' && valid && codes.length > 0) problems.push({ path: 'codes', message: 'only a list pool takes codes' });
  for (const extra of Object.keys(b).filter((k) => !['mode', 'prefix', 'length', 'codes'].includes(k))) {
    problems.push({ path: extra, message: 'is not a coupon pool field' });
  }
  if (problems.length > 0) throw new ValidationFailed(problems);
  return { pool: { key, mode: b.mode as CouponPool['mode'], prefix: prefix as string, length: length as number }, codes: codes as string[] };
}

@Injectable()
export class SaveCouponPoolUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: SaveCouponPoolCommand): Promise<CouponPoolView> {
    const { pool, codes } = parse(command.key, command.body);
    return this.dataSource.transaction(async (m) => {
      const coupons = new CouponRepository(m);
      await coupons.upsertPool(command.workspaceId, pool, this.clock.now());
      if (codes.length > 0) await coupons.addCodes(command.workspaceId, pool.key, codes);
      return couponPoolView(pool, await coupons.counts(command.workspaceId, pool));
    });
  }
}
