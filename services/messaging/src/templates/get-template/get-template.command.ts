export interface GetTemplateCommand {
  workspaceId: string;
  key: string;
  /** The locale variant; without, the variant without a locale, else the oldest. */
  locale?: string;
}
