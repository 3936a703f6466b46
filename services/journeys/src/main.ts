import { runMain } from '@cairn/runtime';
import { journeysService } from './journeys.service-definition';

runMain(journeysService);
