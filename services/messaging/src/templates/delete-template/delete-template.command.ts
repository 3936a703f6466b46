export interface DeleteTemplateCommand {
  workspaceId: string;
  key: string;
  /** The variant deleted; without, the variant without a locale, else the oldest. */
  locale?: string;
}
