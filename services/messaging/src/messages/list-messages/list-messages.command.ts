import { LogFilter } from '../intent.repository';

export interface ListMessagesCommand {
  workspaceId: string;
  /** A checked filter: a known status, a limit from 1 to 1,000. */
  filter: LogFilter;
}
