import { Injectable } from '@nestjs/common';
import { TemplateBudgetExceeded, TemplateDefinition } from '@cairn/messaging-domain';
import { RenderPool } from '../rendering/render-pool';

/** The context of a trial render: every object a template can refer to, empty. */
const EMPTY_CONTEXT = { user: {}, entry: {}, journey: {}, coupon: {} };

/**
 * Before a template is saved, renders it once without a real user (unknown
 * values are empty): a template that overruns the render budget even so
 * (loops over literal ranges, say) could never be sent and is refused with
 * 400 TEMPLATE_BUDGET_EXCEEDED naming the field. Other failures of that trial
 * depend on the data and are left to sends and previews.
 */
@Injectable()
export class CheckTemplateBudget {
  constructor(private readonly pool: RenderPool) {}

  async check(template: TemplateDefinition): Promise<void> {
    const [result] = await this.pool.renderMany([{ content: template.content, context: EMPTY_CONTEXT, lenient: true }], true);
    if (!result.ok && result.code === 'TEMPLATE_BUDGET_EXCEEDED') throw new TemplateBudgetExceeded(result.path, this.pool.budgetMs, 400);
  }
}
