import { describeMigrationRoundTrip, describeServiceBoot } from '@cairn/testing';
import { EVENTS_MIGRATIONS } from './migrations';

describeServiceBoot('events');
describeMigrationRoundTrip('events', EVENTS_MIGRATIONS);
