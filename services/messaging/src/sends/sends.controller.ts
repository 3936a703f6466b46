import { WorkspaceConfig } from '@cairn/config';
import { validateIdempotencyKey, validateSendRequest } from '@cairn/messaging-domain';
import { CurrentWorkspace, SendAuth } from '@cairn/runtime';
import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { GetMessageUseCase } from './get-message/get-message.usecase';
import { MessageView } from './message.view';
import { SendAnswer, SendMessageUseCase } from './send-message/send-message.usecase';

const EXAMPLE = {
  userId: 'minji',
  channel: 'email',
  template: 'order-confirmation',
  category: 'transactional',
  data: { orderId: 'A-1001', total: '39,000원' },
};

/**
 * Messages no journey starts: `POST /v1/send` and `GET /v1/messages/:id`,
 * with an admin key or a send-only key of the workspace. Registered after the
 * delivery log's controllers, so `/v1/messages/series` and `/search` stay theirs.
 */
@ApiTags('sends')
@ApiBearerAuth()
@SendAuth()
@Controller('v1')
export class SendsController {
  constructor(
    private readonly sendMessage: SendMessageUseCase,
    private readonly getMessage: GetMessageUseCase,
  ) {}

  @Post('send')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send one message to one user (an order confirmation), exactly once per Idempotency-Key',
    description:
      '`data` reaches the template as `data` (`{{ data.orderId }}`); `to` gives addresses over the user\u2019s traits; `fallback` is sent when the ' +
      'channel\u2019s provider answers that the recipient cannot receive it. Consent, quiet hours and caps apply by category. The same key answers ' +
      'the same message (another request under it: 409 IDEMPOTENCY_KEY_REUSED).',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: '1 to 200 visible ASCII characters, the same for every retry' })
  @ApiBody({ schema: { type: 'object', example: EXAMPLE } })
  @ApiResponse({ status: 202, description: '{ id, status, reason, deferredUntil }: recorded and decided; SENDING goes out next' })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED naming the field: channel, template, fallback.*, to.email / to.phone (no address), category' })
  @ApiResponse({ status: 422, description: 'TEMPLATE_RENDER_FAILED: the template does not render with this data (the field is named)' })
  async send(
    @CurrentWorkspace() ws: WorkspaceConfig,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: unknown,
  ): Promise<SendAnswer> {
    const key = validateIdempotencyKey(idempotencyKey);
    return this.sendMessage.execute({ workspace: ws, idempotencyKey: key, request: validateSendRequest(body) });
  }

  @Get('messages/:id')
  @ApiParam({ name: 'id', description: 'The message id (`POST /v1/send` answers it; every delivery log entry has one)' })
  @ApiOperation({ summary: 'One message: status and reason, content, times, delivery receipts and fallback' })
  async get(@CurrentWorkspace() ws: WorkspaceConfig, @Param('id') id: string): Promise<MessageView> {
    return this.getMessage.execute({ workspaceId: ws.id, id });
  }
}
