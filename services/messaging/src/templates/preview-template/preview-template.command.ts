import { WorkspaceConfig } from '@cairn/config';

export interface PreviewTemplateCommand {
  workspace: WorkspaceConfig;
  key: string;
  /** Sample data: `{ user, entry, journey, coupon }`. */
  context: unknown;
}
