import { TemplateDefinition } from '@cairn/messaging-domain';

export interface CreateTemplateCommand {
  workspaceId: string;
  /** A validated template (or locale variant). */
  template: TemplateDefinition;
}
