import { TemplateDefinition } from '../../domain';

export interface CreateTemplateCommand {
  workspaceId: string;
  /** A validated template (or locale variant). */
  template: TemplateDefinition;
}
