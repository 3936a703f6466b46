import { CairnConfig } from '@cairn/config';
import { Clock, CLOCK } from '@cairn/core';
import { Logger } from '@cairn/observability';
import { CONFIG, LOGGER, Platform, serviceModule } from '@cairn/runtime';
import { DynamicModule, Module } from '@nestjs/common';
import { DeferredPoller } from './background/deferred-poller';
import { ChannelCredentials } from './channels/channel-credentials';
import { ChannelReader } from './channels/channel.reader';
import { ChannelsController } from './channels/channels.controller';
import { CreateChannelUseCase } from './channels/create-channel/create-channel.usecase';
import { DeleteChannelUseCase } from './channels/delete-channel/delete-channel.usecase';
import { GATEWAY_TYPES } from './channels/gateway-config';
import { GetChannelUseCase } from './channels/get-channel/get-channel.usecase';
import { ListChannelsUseCase } from './channels/list-channels/list-channels.usecase';
import { ReplaceChannelUseCase } from './channels/replace-channel/replace-channel.usecase';
import { ResealChannelSecrets } from './channels/reseal-channel-secrets';
import { ConsentsController } from './consents/consents.controller';
import { GetConsentsUseCase } from './consents/get-consents/get-consents.usecase';
import { PutConsentsUseCase } from './consents/put-consents/put-consents.usecase';
import { ListMessagesUseCase } from './messages/list-messages/list-messages.usecase';
import { MessagesController } from './messages/messages.controller';
import { GetPolicyUseCase } from './policy/get-policy/get-policy.usecase';
import { PolicyController } from './policy/policy.controller';
import { PolicyReader } from './policy/policy.reader';
import { PutPolicyUseCase } from './policy/put-policy/put-policy.usecase';
import { Delivery } from './providers/delivery';
import { GatewayProvider } from './providers/gateway.provider';
import { LogProvider } from './providers/log.provider';
import { SmtpProvider } from './providers/smtp.provider';
import { WebhookProvider } from './providers/webhook.provider';
import { RenderPool } from './rendering/render-pool';
import { BreakerGate } from './sending/breaker-gate';
import { DecideIntent } from './sending/decide-intent';
import { DeliverSends } from './sending/deliver-sends';
import { HandleMessageRequestsUseCase } from './sending/handle-message-requests/handle-message-requests.usecase';
import { MessageRequestsConsumer } from './sending/message-requests.consumer';
import { PrepareContent } from './sending/prepare-content';
import { ProbeChannelUseCase } from './sending/probe-channel/probe-channel.usecase';
import { ProcessDueIntentsUseCase } from './sending/process-due-intents/process-due-intents.usecase';
import { ReleaseChannelUseCase } from './sending/release-channel/release-channel.usecase';
import { RetryReservedSendUseCase } from './sending/retry-reserved-send/retry-reserved-send.usecase';
import { CheckTemplateBudget } from './templates/check-template-budget';
import { CreateTemplateUseCase } from './templates/create-template/create-template.usecase';
import { DeleteTemplateUseCase } from './templates/delete-template/delete-template.usecase';
import { GetTemplateUseCase } from './templates/get-template/get-template.usecase';
import { ListTemplatesUseCase } from './templates/list-templates/list-templates.usecase';
import { PreviewTemplateUseCase } from './templates/preview-template/preview-template.usecase';
import { ReplaceTemplateUseCase } from './templates/replace-template/replace-template.usecase';
import { TemplateReader } from './templates/template.reader';
import { TemplatesController } from './templates/templates.controller';
import { DELIVERY_LOG } from './delivery-log/delivery-log';
import { PEOPLE } from './people/people';
import { SegmentsClient } from './audience/segments-client';
import { BroadcastPoller } from './background/broadcast-poller';
import { BroadcastsController } from './broadcasts/broadcasts.controller';
import { CancelBroadcastUseCase } from './broadcasts/cancel-broadcast/cancel-broadcast.usecase';
import { CreateBroadcastUseCase } from './broadcasts/create-broadcast/create-broadcast.usecase';
import { GetBroadcastUseCase } from './broadcasts/get-broadcast/get-broadcast.usecase';
import { RunBroadcastStepUseCase } from './broadcasts/run-broadcast-step/run-broadcast-step.usecase';
import { ReceiptsController } from './receipts/receipts.controller';
import { RecordReceiptsUseCase } from './receipts/record-receipts/record-receipts.usecase';
import { FallbackSend } from './sending/fallback-send';
import { GetMessageUseCase } from './sends/get-message/get-message.usecase';
import { SendsController } from './sends/sends.controller';
import { SendMessageUseCase } from './sends/send-message/send-message.usecase';
import { UnsubscribeLinks } from './unsubscribe/unsubscribe-links';
import { UnsubscribeController } from './unsubscribe/unsubscribe.controller';
import { UnsubscribeUserUseCase } from './unsubscribe/unsubscribe-user/unsubscribe-user.usecase';

const deliveryProvider = {
  provide: Delivery,
  inject: [LOGGER, CLOCK, CONFIG],
  useFactory: (logger: Logger, clock: Clock, config: CairnConfig) =>
    new Delivery([
      new LogProvider(logger),
      new WebhookProvider(() => clock.now(), config.egress.allowPrivate),
      new SmtpProvider(config.egress.allowPrivate),
      ...GATEWAY_TYPES.map((type) => new GatewayProvider(type, config.egress.allowPrivate)),
    ]),
};

/** Templates render in worker threads, each render within its CPU budget. */
const renderPoolProvider = { provide: RenderPool, useFactory: () => new RenderPool() };

/** The use cases behind the API: one per controller method. */
const apiUseCases = [
  CreateTemplateUseCase,
  ListTemplatesUseCase,
  GetTemplateUseCase,
  ReplaceTemplateUseCase,
  DeleteTemplateUseCase,
  PreviewTemplateUseCase,
  CreateChannelUseCase,
  ListChannelsUseCase,
  GetChannelUseCase,
  ReplaceChannelUseCase,
  DeleteChannelUseCase,
  GetPolicyUseCase,
  PutPolicyUseCase,
  GetConsentsUseCase,
  PutConsentsUseCase,
  ListMessagesUseCase,
  SendMessageUseCase,
  GetMessageUseCase,
  UnsubscribeUserUseCase,
  RecordReceiptsUseCase,
  CreateBroadcastUseCase,
  GetBroadcastUseCase,
  CancelBroadcastUseCase,
];

@Module({})
export class MessagingModule {
  static register(platform: Platform): DynamicModule {
    return serviceModule(MessagingModule, platform, {
      controllers: [
        ...DELIVERY_LOG.controllers,
        TemplatesController,
        ChannelsController,
        PolicyController,
        ConsentsController,
        MessagesController,
        // After the delivery log's and MessagesController: /v1/messages/series and /search are never taken for an id.
        SendsController,
        UnsubscribeController,
        ReceiptsController,
        BroadcastsController,
        MessageRequestsConsumer,
        ...PEOPLE.controllers,
      ],
      providers: [
        TemplateReader,
        UnsubscribeLinks,
        SegmentsClient,
        FallbackSend,
        ChannelCredentials,
        ChannelReader,
        ResealChannelSecrets,
        PolicyReader,
        ...apiUseCases,
        CheckTemplateBudget,
        DecideIntent,
        PrepareContent,
        DeliverSends,
        ProcessDueIntentsUseCase,
        RetryReservedSendUseCase,
        ProbeChannelUseCase,
        ReleaseChannelUseCase,
        HandleMessageRequestsUseCase,
        DeferredPoller,
        RunBroadcastStepUseCase,
        BroadcastPoller,
        BreakerGate,
        deliveryProvider,
        renderPoolProvider,
        ...DELIVERY_LOG.providers,
        ...PEOPLE.providers,
      ],
    });
  }
}
