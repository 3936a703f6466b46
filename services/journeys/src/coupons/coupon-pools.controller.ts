import { WorkspaceConfig } from '@cairn/config';
import { AdminAuth, CurrentWorkspace } from '@cairn/runtime';
import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CouponPoolView } from './coupon-pool.view';
import { GetCouponPoolUseCase } from './get-coupon-pool/get-coupon-pool.usecase';
import { SaveCouponPoolUseCase } from './save-coupon-pool/save-coupon-pool.usecase';

@ApiTags('coupons')
@ApiBearerAuth()
@AdminAuth()
@Controller('v1/coupon-pools')
export class CouponPoolsController {
  constructor(
    private readonly save: SaveCouponPoolUseCase,
    private readonly reading: GetCouponPoolUseCase,
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
  get(@CurrentWorkspace() ws: WorkspaceConfig, @Param('key') key: string): Promise<CouponPoolView> {
    return this.reading.execute({ workspaceId: ws.id, key });
  }
}
