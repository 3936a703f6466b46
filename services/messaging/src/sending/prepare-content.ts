import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { chooseLocaleVariant, ContentChannel, MessageContent, TemplateContext, TemplateRenderer } from '../domain';
import { SendIntent } from '../messages/intent';
import { groupBy } from '../shared/group-by';
import { StoredTemplate, TemplateRepository } from '../templates/template.repository';

/** An intent's rendered content (before any compliance labelling), or why it cannot be sent. */
export type Prepared = { ok: true; content: MessageContent; contentChannel: ContentChannel } | { ok: false; reason: string };

/** The templates a batch refers to: variants by workspace id, then by key. */
export type TemplateSet = Map<string, Map<string, StoredTemplate[]>>;

/**
 * Renders intents' templates: the templates of a batch are read in one query
 * per workspace, at most once a second (an edit on this replica applies from
 * the next batch on, on another replica within TEMPLATE_TTL_MS), and
 * the renderer keeps parsed template strings, so a template is parsed once.
 */
@Injectable()
export class PrepareContent {
  private readonly renderer = new TemplateRenderer();

  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly templates: TemplateRepository,
  ) {}

  /** Every variant of the templates these requests name. */
  async templatesFor(requests: Array<{ workspaceId: string; template: string }>): Promise<TemplateSet> {
    const set: TemplateSet = new Map();
    for (const [workspaceId, group] of groupBy(requests, (r) => r.workspaceId)) {
      set.set(workspaceId, await this.templates.forSending(workspaceId, [...new Set(group.map((r) => r.template))]));
    }
    return set;
  }

  /** Renders an intent with the variant for its user's locale (no database access). */
  async render(intent: SendIntent, templates: TemplateSet): Promise<Prepared> {
    const context = { ...intent.context, user: (intent.context.user as Record<string, unknown>) ?? {} } as TemplateContext;
    const template = chooseLocaleVariant(templates.get(intent.workspaceId)?.get(intent.template) ?? [], context.user.locale);
    if (!template) return { ok: false, reason: 'template_not_found' };
    try {
      return { ok: true, content: await this.renderer.render(template.content, context), contentChannel: template.channel };
    } catch (error) {
      this.platform.logger.warn({ intent: intent.id, err: (error as Error).message }, 'template rendering failed');
      return { ok: false, reason: 'template_render_failed' };
    }
  }
}
