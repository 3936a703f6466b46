import { NotFound } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CouponRepository } from '../coupon.repository';
import { couponPoolView, CouponPoolView } from '../coupon-pool.view';
import { GetCouponPoolCommand } from './get-coupon-pool.command';

/** Reads a coupon pool with its available and assigned counts; 404 when the workspace has none such. */
@Injectable()
export class GetCouponPoolUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: GetCouponPoolCommand): Promise<CouponPoolView> {
    const coupons = new CouponRepository(this.dataSource.manager);
    const pool = await coupons.pool(command.workspaceId, command.key);
    if (!pool) throw new NotFound('coupon pool', command.key);
    return couponPoolView(pool, await coupons.counts(command.workspaceId, pool));
  }
}
