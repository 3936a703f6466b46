import { Platform, PLATFORM, serviceModule } from '@cairn/runtime';
import { DynamicModule, Module } from '@nestjs/common';
import { ChannelRepository } from './channels/channel.repository';
import { ChannelsController } from './channels/channels.controller';
import { ResealChannelSecrets } from './channels/reseal-channel-secrets';
import { GATEWAY_TYPES } from './channels/gateway-config';
import { ConsentRepository } from './consents/consent.repository';
import { ConsentsController } from './consents/consents.controller';
import { PutConsentsUseCase } from './consents/put-consents.usecase';
import { IntentRepository } from './messages/intent.repository';
import { MessagesController } from './messages/messages.controller';
import { PolicyController } from './policy/policy.controller';
import { PolicyRepository } from './policy/policy.repository';
import { Delivery } from './providers/delivery';
import { GatewayProvider } from './providers/gateway.provider';
import { LogProvider } from './providers/log.provider';
import { SmtpProvider } from './providers/smtp.provider';
import { WebhookProvider } from './providers/webhook.provider';
import { RenderPool } from './rendering/render-pool';
import { BreakerGate } from './sending/breaker-gate';
import { DecideIntent } from './sending/decide-intent';
import { DeferredPoller } from './sending/deferred-poller';
import { DeliverSends } from './sending/deliver-sends';
import { HandleMessageRequestsUseCase } from './sending/handle-message-requests.usecase';
import { MessageRequestsConsumer } from './sending/message-requests.controller';
import { PrepareContent } from './sending/prepare-content';
import { ProcessIntentUseCase } from './sending/process-intent.usecase';
import { CheckTemplateBudget } from './templates/check-template-budget';
import { PreviewTemplateUseCase } from './templates/preview-template.usecase';
import { TemplateRepository } from './templates/template.repository';
import { TemplatesController } from './templates/templates.controller';
import { DELIVERY_LOG } from './delivery-log/delivery-log';

const deliveryProvider = {
  provide: Delivery,
  inject: [PLATFORM],
  useFactory: (platform: Platform) =>
    new Delivery([
      new LogProvider(platform.logger),
      new WebhookProvider(() => platform.clock.now(), platform.config.egress.allowPrivate),
      new SmtpProvider(platform.config.egress.allowPrivate),
      ...GATEWAY_TYPES.map((type) => new GatewayProvider(type, platform.config.egress.allowPrivate)),
    ]),
};

/** Templates render in worker threads, each render within its CPU budget. */
const renderPoolProvider = { provide: RenderPool, useFactory: () => new RenderPool() };

@Module({})
export class MessagingModule {
  static register(platform: Platform): DynamicModule {
    return serviceModule(MessagingModule, platform, {
      controllers: [...DELIVERY_LOG.controllers, TemplatesController, ChannelsController, PolicyController, ConsentsController, MessagesController, MessageRequestsConsumer],
      providers: [
        TemplateRepository,
        ChannelRepository,
        ResealChannelSecrets,
        PolicyRepository,
        ConsentRepository,
        IntentRepository,
        PreviewTemplateUseCase,
        CheckTemplateBudget,
        PutConsentsUseCase,
        DecideIntent,
        PrepareContent,
        DeliverSends,
        ProcessIntentUseCase,
        HandleMessageRequestsUseCase,
        DeferredPoller,
        BreakerGate,
        deliveryProvider,
        renderPoolProvider,
        ...DELIVERY_LOG.providers,
      ],
    });
  }
}
