import { EraseUserUseCase } from './erase-user/erase-user.usecase';
import { ExportUserUseCase } from './export-user/export-user.usecase';
import { PeopleController } from './people.controller';
import { UserErasuresConsumer } from './user-erasures.consumer';
import { ApplyRetentionUseCase } from '../retention/apply-retention/apply-retention.usecase';
import { RetentionJob } from '../background/retention-job';

/** People's data: journeys' part of an erasure, the export, the retention policy. */
export const PEOPLE = {
  controllers: [PeopleController, UserErasuresConsumer],
  providers: [EraseUserUseCase, ExportUserUseCase, ApplyRetentionUseCase, RetentionJob],
};
