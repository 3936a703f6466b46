import { WorkspaceConfig } from '@cairn/config';
import { NotFound } from '@cairn/core';
import { AdminAuth, CurrentWorkspace, Platform, PLATFORM } from '@cairn/runtime';
import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CouponRepository } from './coupon.repository';
import { couponPoolView, CouponPoolView } from './coupon-pool.view';
import { SaveCouponPoolUseCase } from './save-coupon-pool/save-coupon-pool.usecase';

@ApiTags('coupons')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/coupon-pools')
export class CouponPoolsController {
  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly save: SaveCouponPoolUseCase,
  ) {}

  @Put(':key')
  @ApiOperation({ summary: 'Create or change a coupon pool (generated unique codes, or an uploaded list); each run gets one code' })
  @ApiBody({
    description: 'mode generated (prefix, length) or list (codes, added to those already uploaded)',
    examples: {
      generated: { value: { mode: 'generated', prefix: 'WB-', length: 8 } },
      list: { value: { mode: 'list', codes: ['SECRET-0001', 'SECRET-0002'] } },
    },
  })
  put(@CurrentWorkspace() ws: WorkspaceConfig, @Param('key') key: string, @Body() body: unknown): Promise<CouponPoolView> {
    return this.save.execute({ workspaceId: ws.id, key, body });
  }

  @Get(':key')
  @ApiOperation({ summary: 'A coupon pool with its available and assigned counts' })
  async get(@CurrentWorkspace() ws: WorkspaceConfig, @Param('key') key: string): Promise<CouponPoolView> {
    const coupons = new CouponRepository(this.platform.dataSource.manager);
    const pool = await coupons.pool(ws.id, key);
    if (!pool) throw new NotFound('coupon pool', key);
    return couponPoolView(pool, await coupons.counts(ws.id, pool));
  }
}
