import { IdentityLink } from '@cairn/contracts';

/** A batch of `cairn.identity-links.v1`: ids segments merged into users. */
export interface MergeIdentitiesCommand {
  links: IdentityLink[];
}
