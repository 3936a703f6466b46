import { IdentityLinksConsumer } from './identity-links.consumer';
import { MergeIdentitiesUseCase } from './merge-identities/merge-identities.usecase';

/** What messaging does for one person as a whole: identity merges (registered by the module). */
export const PEOPLE = {
  controllers: [IdentityLinksConsumer],
  providers: [MergeIdentitiesUseCase],
};
