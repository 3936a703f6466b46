import { MessageRequest } from '@cairn/contracts';
import { Logger } from '@cairn/observability';
import { LOGGER } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { chooseLocaleVariant, ContentChannel, MessageContent, TemplateContext } from '@cairn/messaging-domain';
import { RenderPool } from '../rendering/render-pool';
import { groupBy } from '../shared/group-by';
import { TemplateReader } from '../templates/template.reader';
import { UnsubscribeLinks } from '../unsubscribe/unsubscribe-links';
import { StoredTemplate } from '../templates/template.repository';
import { OverrunGuard } from './overrun-guard';

/** An intent's rendered content (before any compliance labelling), or why it cannot be sent. */
export type Prepared =
  | { ok: true; content: MessageContent; contentChannel: ContentChannel }
  /** `problem`: for a render that failed, the template field and what went wrong. */
  | { ok: false; reason: string; problem?: { path: string; message: string } };

/** The templates a batch refers to: variants by workspace id, then by key. */
export type TemplateSet = Map<string, Map<string, StoredTemplate[]>>;

/** What a request's content is made of (its user and channel key name its unsubscribe link). */
export type Renderable = Pick<MessageRequest, 'workspaceId' | 'userId' | 'channel' | 'template' | 'context'>;

/**
 * Renders requests' templates, before and outside the decision transaction:
 * the templates of a batch are read in one query per workspace, at most once
 * a second (an edit on this replica applies from the next batch on, on
 * another replica within TEMPLATE_TTL_MS), and rendered in the render pool's
 * worker threads, each within the CPU budget of one render. A template that
 * keeps overrunning its budget is refused for a while (see OverrunGuard).
 * Besides the request's context, a template sees `unsubscribe_url`: the
 * user's link for the channel key (when the workspace has a public address).
 */
@Injectable()
export class PrepareContent {
  private readonly overruns = new OverrunGuard();

  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly templates: TemplateReader,
    private readonly pool: RenderPool,
    private readonly links: UnsubscribeLinks,
  ) {}

  /** The context a template renders with: the request's, its user's traits (or none), and the unsubscribe link. */
  private contextOf(request: Renderable): TemplateContext {
    const context = { ...request.context, user: (request.context.user as Record<string, unknown>) ?? {} } as TemplateContext & { unsubscribe_url?: string };
    const link = this.links.urlFor({ workspaceId: request.workspaceId, userId: request.userId, channel: request.channel });
    if (link) context.unsubscribe_url = link;
    return context;
  }

  /** Every variant of the templates these requests name. */
  async templatesFor(requests: Array<{ workspaceId: string; template: string }>): Promise<TemplateSet> {
    const set: TemplateSet = new Map();
    for (const [workspaceId, group] of groupBy(requests, (r) => r.workspaceId)) {
      set.set(workspaceId, await this.templates.forSending(workspaceId, [...new Set(group.map((r) => r.template))]));
    }
    return set;
  }

  /** Renders each request with the variant for its user's locale (no database access); results in request order. */
  async renderMany(requests: Renderable[], templates: TemplateSet): Promise<Prepared[]> {
    const prepared: Prepared[] = [];
    const jobs: Array<{ index: number; template: StoredTemplate; context: TemplateContext; guardKey: string }> = [];
    requests.forEach((request, index) => {
      const context = this.contextOf(request);
      const template = chooseLocaleVariant(templates.get(request.workspaceId)?.get(request.template) ?? [], context.user.locale);
      const guardKey = template ? `${request.workspaceId}\u0000${template.key}\u0000${template.locale ?? ''}` : '';
      if (!template) prepared[index] = { ok: false, reason: 'template_not_found' };
      else if (this.overruns.refused(guardKey, performance.now())) prepared[index] = { ok: false, reason: 'template_budget_exceeded' };
      else jobs.push({ index, template, context, guardKey });
    });
    const results = await this.pool.renderMany(jobs.map((job) => ({ content: job.template.content, context: job.context })));
    results.forEach((result, k) => {
      const { index, template, guardKey } = jobs[k];
      if (result.ok) {
        prepared[index] = { ok: true, content: result.content, contentChannel: template.channel };
        return;
      }
      const overrun = result.code === 'TEMPLATE_BUDGET_EXCEEDED';
      if (overrun) this.overruns.record(guardKey, performance.now());
      this.logger.warn(
        { template: template.key, workspaceId: requests[index].workspaceId, code: result.code, err: `${result.path}: ${result.message}` },
        'template rendering failed',
      );
      prepared[index] = {
        ok: false,
        reason: overrun ? 'template_budget_exceeded' : 'template_render_failed',
        problem: { path: result.path, message: result.message },
      };
    });
    return prepared;
  }
}
