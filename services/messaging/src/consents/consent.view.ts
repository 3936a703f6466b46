import { ConsentLedger } from '@cairn/messaging-domain';
import { ConsentChange } from './consent.repository';

/** A user's consents as the API answers them: the ledger per channel and the latest changes. */
export interface ConsentView {
  userId: string;
  channels: ConsentLedger;
  history: ConsentChange[];
}
