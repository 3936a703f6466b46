import { SearchMessagesController } from './search-messages/search-messages.controller';
import { SearchMessagesUseCase } from './search-messages/search-messages.usecase';
import { SendSeriesController } from './send-series/send-series.controller';
import { SendSeriesUseCase } from './send-series/send-series.usecase';

/**
 * What the operator console reads about deliveries: the send series and the
 * filtered log (registered by the module, before MessagesController so that
 * `series` and `search` are never taken for a message id).
 */
export const DELIVERY_LOG = {
  controllers: [SendSeriesController, SearchMessagesController],
  providers: [SendSeriesUseCase, SearchMessagesUseCase],
};
