import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { chooseLocaleVariant, ContentChannel, MessageContent, TemplateContext, TemplateRenderer } from '../domain';
import { SendIntent } from '../messages/intent';
import { groupBy } from '../shared/group-by';
import { StoredTemplate, TemplateRepository } from '../templates/template.repository';

/** An intent's rendered content (before any compliance labelling), or why it cannot be sent. */
export type Prepared = { ok: true; content: MessageContent; contentChannel: ContentChannel } | { ok: false; reason: string };

/**
 * Renders intents' templates: the templates of a batch are read in one query
 * per workspace (so an edited template applies from the next batch on), and
 * the renderer keeps parsed template strings, so a template is parsed once.
 */
@Injectable()
export class PrepareContent {
  private readonly renderer = new TemplateRenderer();

  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly templates: TemplateRepository,
  ) {}

  /** The rendered content of each intent, by intent id. */
  async prepareAll(intents: SendIntent[]): Promise<Map<string, Prepared>> {
    const prepared = new Map<string, Prepared>();
    for (const [workspaceId, group] of groupBy(intents, (i) => i.workspaceId)) {
      const variants = await this.templates.variantsOf(workspaceId, [...new Set(group.map((i) => i.template))]);
      for (const intent of group) prepared.set(intent.id, await this.render(intent, variants.get(intent.template) ?? []));
    }
    return prepared;
  }

  private async render(intent: SendIntent, variants: StoredTemplate[]): Promise<Prepared> {
    const context = { ...intent.context, user: (intent.context.user as Record<string, unknown>) ?? {} } as TemplateContext;
    const template = chooseLocaleVariant(variants, context.user.locale);
    if (!template) return { ok: false, reason: 'template_not_found' };
    try {
      return { ok: true, content: await this.renderer.render(template.content, context), contentChannel: template.channel };
    } catch (error) {
      this.platform.logger.warn({ intent: intent.id, err: (error as Error).message }, 'template rendering failed');
      return { ok: false, reason: 'template_render_failed' };
    }
  }
}
