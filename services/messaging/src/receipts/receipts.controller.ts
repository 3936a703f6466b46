import { Body, Controller, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { RECEIPT_SIGNATURE_HEADER } from './receipt-signature';
import { RecordReceiptsUseCase, ReceiptResult } from './record-receipts/record-receipts.usecase';

const EXAMPLE = {
  receipts: [
    { messageId: '0b6f7c1e-2d6a-4f57-9a43-1f0e8a9c7d21', status: 'DELIVERED', at: '2026-11-03T03:00:02Z' },
    { idempotencyKey: 'api:order-A-1001', status: 'BOUNCED', bounce: 'hard', at: '2026-11-03T03:00:05Z' },
  ],
};

/**
 * Provider callbacks: `POST /v1/channels/:key/receipts`, authenticated by the
 * channel's signing secret (no admin key): the webhook's `secret`, another
 * channel's `signingSecret`. The body's raw bytes are what is signed.
 */
@ApiTags('receipts')
@Controller('v1/channels')
export class ReceiptsController {
  constructor(private readonly recordReceipts: RecordReceiptsUseCase) {}

  @Post(':key/receipts')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Delivery receipts of a channel: DELIVERED, BOUNCED (hard or soft), OPENED, CLICKED, COMPLAINED, with times',
    description:
      'Signed `X-Cairn-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(signing secret, "<t>.<raw body>")>`, within 5 minutes. A message moves ' +
      'forward only; a repeat changes nothing; a hard bounce or a complaint suppresses the address on the channel.',
  })
  @ApiHeader({ name: RECEIPT_SIGNATURE_HEADER, required: true })
  @ApiBody({ schema: { type: 'object', example: EXAMPLE } })
  @ApiResponse({ status: 200, description: '{ results: ["recorded" | "repeated" | "unknown_message", …] } in the order of the receipts' })
  @ApiResponse({ status: 401, description: 'UNAUTHORIZED: no channel of this key signed the body' })
  async record(
    @Param('key') key: string,
    @Headers(RECEIPT_SIGNATURE_HEADER) signature: string | undefined,
    @Req() req: Request & { rawBody?: Buffer },
    @Body() body: unknown,
  ): Promise<{ results: ReceiptResult[] }> {
    return this.recordReceipts.execute({ channel: key, signature, rawBody: req.rawBody ?? Buffer.alloc(0), body });
  }
}
