import { describeMigrationRoundTrip, describeServiceBoot } from '@cairn/testing';
import { SEGMENTS_MIGRATIONS } from './migrations';

describeServiceBoot('segments');
describeMigrationRoundTrip('segments', SEGMENTS_MIGRATIONS);
