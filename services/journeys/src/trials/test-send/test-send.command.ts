export interface TestSendCommand {
  workspaceId: string;
  idOrKey: string;
  /** `{ step, userId, version?, entry?, traits? }`, checked by the use case. */
  body: unknown;
}
