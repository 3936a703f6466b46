import { describeMigrationRoundTrip, describeServiceBoot } from '@cairn/testing';
import { MESSAGING_MIGRATIONS } from './migrations';

describeServiceBoot('messaging');
describeMigrationRoundTrip('messaging', MESSAGING_MIGRATIONS);
