import { NotFound, ValidationFailed } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  chooseLocaleVariant,
  labelAdvertisement,
  MessageContent,
  TemplateBudgetExceeded,
  TemplateContext,
  TemplateRenderFailed,
} from '@cairn/messaging-domain';
import { RenderPool } from '../../rendering/render-pool';
import { TemplateRepository } from '../template.repository';
import { PreviewTemplateCommand } from './preview-template.command';

export interface PreviewResult {
  key: string;
  channel: string;
  /** The locale variant rendered (absent: the variant without a locale). */
  locale?: string;
  content: MessageContent;
  /** The content as a promotional send would carry it under the workspace's kr-ad-law preset. */
  labelled?: MessageContent;
}

/** What `{{ unsubscribe_url }}` previews as when the sample context gives none (a send renders the recipient's own link). */
export const PREVIEW_UNSUBSCRIBE_URL = 'https://example.invalid/v1/unsubscribe?token=preview';

function parseContext(raw: unknown): TemplateContext {
  if (raw === undefined) return { user: {}, unsubscribe_url: PREVIEW_UNSUBSCRIBE_URL } as TemplateContext;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ValidationFailed([{ path: 'context', message: 'must be an object such as { "user": { "name": "민지" } }' }]);
  }
  const context = raw as Record<string, unknown>;
  return { unsubscribe_url: PREVIEW_UNSUBSCRIBE_URL, ...context, user: (context.user as Record<string, unknown>) ?? {} } as TemplateContext;
}

/**
 * Renders a stored template with sample data, strictly, as a send would (in
 * the render pool, within the budget of one render: an overrun answers 422
 * TEMPLATE_BUDGET_EXCEEDED; too many renders waiting, 503 RENDER_BUSY).
 */
@Injectable()
export class PreviewTemplateUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly pool: RenderPool,
  ) {}

  async execute(command: PreviewTemplateCommand): Promise<PreviewResult> {
    const context = parseContext(command.context);
    const template = chooseLocaleVariant(
      await new TemplateRepository(this.dataSource.manager).variants(command.workspace.id, command.key),
      context.user.locale,
    );
    if (!template) throw new NotFound('template', command.key);
    const [rendered] = await this.pool.renderMany([{ content: template.content, context }], true);
    if (!rendered.ok) {
      if (rendered.code === 'TEMPLATE_BUDGET_EXCEEDED') throw new TemplateBudgetExceeded(rendered.path, this.pool.budgetMs);
      throw new TemplateRenderFailed(rendered.path, rendered.message);
    }
    const content = rendered.content;
    const result: PreviewResult = { key: template.key, channel: template.channel, content };
    if (template.locale) result.locale = template.locale;
    if (template.category === 'promotional' && command.workspace.compliance === 'kr-ad-law') {
      const labelled = labelAdvertisement(template.channel, content, 'promotional', command.workspace);
      if (labelled.ok) result.labelled = labelled.content;
    }
    return result;
  }
}
