import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CouponRepository } from '../coupon.repository';
import { couponPoolView, CouponPoolView } from '../coupon-pool.view';
import { TrialCouponRepository } from '../../trials/trial-coupon.repository';
import { ListCouponPoolsCommand } from './list-coupon-pools.command';

/** The workspace's coupon pools in key order, each with its available and assigned counts (what `cairn export` and `plan` read). */
@Injectable()
export class ListCouponPoolsUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: ListCouponPoolsCommand): Promise<{ couponPools: CouponPoolView[] }> {
    const m = this.dataSource.manager;
    const coupons = new CouponRepository(m);
    const pools = await new TrialCouponRepository(m).pools(command.workspaceId);
    const views: CouponPoolView[] = [];
    for (const pool of pools) views.push(couponPoolView(pool, await coupons.counts(command.workspaceId, pool)));
    return { couponPools: views };
  }
}
