import { WorkspaceConfig } from '@cairn/config';
import { NotFound, ValidationFailed } from '@cairn/core';
import { Injectable } from '@nestjs/common';
import { chooseLocaleVariant, labelAdvertisement, MessageContent, TemplateContext, TemplateRenderer } from '../domain';
import { TemplateRepository } from './template.repository';

export interface PreviewTemplateCommand {
  workspace: WorkspaceConfig;
  key: string;
  /** Sample data: `{ user, entry, journey, coupon }`. */
  context: unknown;
}

export interface PreviewResult {
  key: string;
  channel: string;
  /** The locale variant rendered (absent: the variant without a locale). */
  locale?: string;
  content: MessageContent;
  /** The content as a promotional send would carry it under the workspace's kr-ad-law preset. */
  labelled?: MessageContent;
}

function parseContext(raw: unknown): TemplateContext {
  if (raw === undefined) return { user: {} };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ValidationFailed([{ path: 'context', message: 'must be an object such as { "user": { "name": "민지" } }' }]);
  }
  const context = raw as Record<string, unknown>;
  return { ...context, user: (context.user as Record<string, unknown>) ?? {} } as TemplateContext;
}

/** Renders a stored template with sample data, strictly, as a send would. */
@Injectable()
export class PreviewTemplateUseCase {
  private readonly renderer = new TemplateRenderer();

  constructor(private readonly templates: TemplateRepository) {}

  async execute(command: PreviewTemplateCommand): Promise<PreviewResult> {
    const context = parseContext(command.context);
    const template = chooseLocaleVariant(await this.templates.variants(command.workspace.id, command.key), context.user.locale);
    if (!template) throw new NotFound('template', command.key);
    const content = await this.renderer.render(template.content, context);
    const result: PreviewResult = { key: template.key, channel: template.channel, content };
    if (template.locale) result.locale = template.locale;
    if (template.category === 'promotional' && command.workspace.compliance === 'kr-ad-law') {
      const labelled = labelAdvertisement(template.channel, content, 'promotional', command.workspace);
      if (labelled.ok) result.labelled = labelled.content;
    }
    return result;
  }
}
