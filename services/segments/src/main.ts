import { runMain } from '@cairn/runtime';
import { segmentsService } from './segments.service-definition';

runMain(segmentsService);
