import { runMain } from '@cairn/runtime';
import { messagingService } from './messaging.service-definition';

runMain(messagingService);
