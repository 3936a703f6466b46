import { WorkspaceConfig } from '@cairn/config';

export interface SimulateJourneyCommand {
  workspace: WorkspaceConfig;
  idOrKey: string;
  /** `draft` (default), `current` or a published version number. */
  version?: string;
  /** The scenario, as `cairn simulate` reads it. */
  body: unknown;
  /** The caller's Authorization header, forwarded to segments and messaging. */
  authorization?: string;
}
