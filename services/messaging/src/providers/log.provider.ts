import { Logger } from '@cairn/observability';
import { MessageProvider, ProviderMessage } from './provider';

/** Development channel: the rendered content is kept in the delivery log; this only notes the send. */
export class LogProvider implements MessageProvider {
  readonly type = 'log';

  constructor(private readonly logger: Logger) {}

  async send(message: ProviderMessage): Promise<void> {
    this.logger.info({ intent: message.id, channel: message.channel.key, template: message.template }, 'message delivered to the log channel');
  }
}
