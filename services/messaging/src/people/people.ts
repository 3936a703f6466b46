import { EraseUserUseCase } from './erase-user/erase-user.usecase';
import { ExportUserUseCase } from './export-user/export-user.usecase';
import { IdentityLinksConsumer } from './identity-links.consumer';
import { MergeIdentitiesUseCase } from './merge-identities/merge-identities.usecase';
import { PeopleController } from './people.controller';
import { UserErasuresConsumer } from './user-erasures.consumer';

/** What messaging does for one person as a whole: identity merges, its part of an erasure, the export (registered by the module). */
export const PEOPLE = {
  controllers: [PeopleController, IdentityLinksConsumer, UserErasuresConsumer],
  providers: [MergeIdentitiesUseCase, EraseUserUseCase, ExportUserUseCase],
};
