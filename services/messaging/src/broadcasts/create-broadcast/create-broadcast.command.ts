import { WorkspaceConfig } from '@cairn/config';

/** `POST /v1/broadcasts`: the body as it came (validated by the use case against the clock). */
export interface CreateBroadcastCommand {
  workspace: WorkspaceConfig;
  body: unknown;
}
