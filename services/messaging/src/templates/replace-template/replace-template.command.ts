import { TemplateDefinition } from '@cairn/messaging-domain';

export interface ReplaceTemplateCommand {
  workspaceId: string;
  /** The key in the path (the template's own key matches it). */
  key: string;
  /** The variant replaced; without, the variant without a locale, else the oldest. */
  locale?: string;
  /** The validated replacement. */
  template: TemplateDefinition;
}
