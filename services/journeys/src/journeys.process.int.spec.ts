import { describeMigrationRoundTrip, describeServiceBoot } from '@cairn/testing';
import { JOURNEYS_MIGRATIONS } from './migrations';

describeServiceBoot('journeys');
describeMigrationRoundTrip('journeys', JOURNEYS_MIGRATIONS);
