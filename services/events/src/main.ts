import { runMain } from '@cairn/runtime';
import { eventsService } from './events.service-definition';

runMain(eventsService);
