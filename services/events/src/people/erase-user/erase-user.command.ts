import { UserErasure } from '@cairn/contracts';

/** A batch of `cairn.user-erasures.v1`. */
export interface EraseUserCommand {
  erasures: UserErasure[];
}
