import { EraseUserUseCase } from './erase-user/erase-user.usecase';
import { ExportUserUseCase } from './export-user/export-user.usecase';
import { IdentityLinksConsumer } from './identity-links.consumer';
import { MergeIdentitiesUseCase } from './merge-identities/merge-identities.usecase';
import { PeopleController } from './people.controller';
import { UserErasuresConsumer } from './user-erasures.consumer';
import { ApplyRetentionUseCase } from '../retention/apply-retention/apply-retention.usecase';
import { RetentionJob } from '../background/retention-job';

/** What messaging does for people's data: identity merges, its part of an erasure, the export, the retention policy (registered by the module). */
export const PEOPLE = {
  controllers: [PeopleController, IdentityLinksConsumer, UserErasuresConsumer],
  providers: [MergeIdentitiesUseCase, EraseUserUseCase, ExportUserUseCase, ApplyRetentionUseCase, RetentionJob],
};
