import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CouponPoolView } from '../coupon-pool.view';
import { ListCouponPoolsUseCase } from './list-coupon-pools.usecase';

@ApiTags('coupons')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/coupon-pools')
export class ListCouponPoolsController {
  constructor(private readonly listing: ListCouponPoolsUseCase) {}

  @Get()
  @ApiOperation({ summary: "The workspace's coupon pools with their available and assigned counts (codes are never listed)" })
  list(@CurrentWorkspace() ws: WorkspaceConfig): Promise<{ couponPools: CouponPoolView[] }> {
    return this.listing.execute({ workspaceId: ws.id });
  }
}
