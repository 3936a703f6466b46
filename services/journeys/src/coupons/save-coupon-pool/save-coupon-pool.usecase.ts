import { CLOCK, Clock } from '@cairn/core';
import { validateCouponPool } from '@cairn/journeys-domain';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CouponRepository } from '../coupon.repository';
import { couponPoolView, CouponPoolView } from '../coupon-pool.view';
import { SaveCouponPoolCommand } from './save-coupon-pool.command';

@Injectable()
export class SaveCouponPoolUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: SaveCouponPoolCommand): Promise<CouponPoolView> {
    const { pool, codes } = validateCouponPool(command.key, command.body);
    return this.dataSource.transaction(async (m) => {
      const coupons = new CouponRepository(m);
      await coupons.upsertPool(command.workspaceId, pool, this.clock.now());
      if (codes.length > 0) await coupons.addCodes(command.workspaceId, pool.key, codes);
      return couponPoolView(pool, await coupons.counts(command.workspaceId, pool));
    });
  }
}
