export interface ListTemplatesCommand {
  workspaceId: string;
  /** Only these keys; without, the first 1,000 variants. */
  keys?: string[];
}
