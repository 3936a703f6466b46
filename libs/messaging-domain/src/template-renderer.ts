import { DomainError } from '@cairn/core';
import { Context, Liquid, Template } from 'liquidjs';
import { MessageContent } from './content';
import { createLiquidEngine, DEFAULT_TEMPLATE_LIMITS, describeError, LITERAL_FIELDS, TemplateContext, TemplateLimits } from './template';

/** How many parsed template strings a renderer keeps. */
const PARSED_CACHE_SIZE = 1_000;
const BUDGET_MESSAGE = /template render limit exceeded/;

export class TemplateRenderFailed extends DomainError {
  constructor(path: string, message: string) {
    super('TEMPLATE_RENDER_FAILED', `${path}: ${message}`, 422, [{ path, message }]);
    this.name = 'TemplateRenderFailed';
  }
}

/** A render took longer than its CPU budget (all fields of the content object together). */
export class TemplateBudgetExceeded extends DomainError {
  constructor(path: string, budgetMs: number, status = 422) {
    const message = `rendering takes longer than the ${budgetMs} ms budget of one message`;
    super('TEMPLATE_BUDGET_EXCEEDED', `${path}: ${message}`, status, [{ path, message }]);
    this.name = 'TemplateBudgetExceeded';
  }
}

/** The limits one render shares over every field of a content object. */
interface RenderState {
  scope: object;
  /** The liquidjs limiters of the first field, handed to every later one (one budget for the whole object). */
  shared?: Pick<Context, 'renderLimit' | 'memoryLimit'>;
  deadline: number;
  outputLeft: number;
}

/**
 * Renders a message content object, rendering every string leaf as a Liquid
 * template (identifier fields such as `templateCode` stay as they are), in the
 * calling thread. One budget holds for the whole object: the time (checked by
 * the engine between steps and after each field) and the memory of all its
 * fields together, and the total output length. Any failure rejects with a
 * TemplateRenderFailed (TEMPLATE_RENDER_FAILED); running out of time with a
 * TemplateBudgetExceeded (TEMPLATE_BUDGET_EXCEEDED). A single step that runs
 * long (a filter over a huge array) is not interrupted here: the render pool,
 * which runs this in worker threads, stops such a worker at the deadline.
 */
export class TemplateRenderer {
  private readonly engine: Liquid;
  /** Parsed template strings by source, least recently used first (a source is its own version: an edit is a new key). */
  private readonly parsed = new Map<string, Template[]>();

  constructor(
    readonly limits: TemplateLimits = DEFAULT_TEMPLATE_LIMITS,
    /** Unknown variables render as empty (a trial render without a real user). */
    lenient = false,
  ) {
    this.engine = createLiquidEngine(limits, lenient);
  }

  async render<T extends MessageContent>(content: T, context: TemplateContext): Promise<T> {
    return this.renderSync(content, context);
  }

  renderSync<T extends MessageContent>(content: T, context: TemplateContext): T {
    const state: RenderState = {
      scope: { ...context },
      deadline: performance.now() + this.limits.budgetMs,
      outputLeft: this.limits.maxOutputLength,
    };
    return this.renderValue(content, 'content', state) as T;
  }

  private renderValue(value: unknown, path: string, state: RenderState): unknown {
    if (typeof value === 'string') return this.renderString(value, path, state);
    if (Array.isArray(value)) return value.map((item, i) => this.renderValue(item, `${path}[${i}]`, state));
    if (typeof value !== 'object' || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = LITERAL_FIELDS.has(key) ? item : this.renderValue(item, `${path}.${key}`, state);
    }
    return out;
  }

  private renderString(source: string, path: string, state: RenderState): string {
    let output: string;
    try {
      const ctx = this.contextFor(state);
      output = this.engine.renderSync(this.parse(source), ctx) as string;
    } catch (error) {
      if (BUDGET_MESSAGE.test(describeError(error))) throw new TemplateBudgetExceeded(path, this.limits.budgetMs);
      throw new TemplateRenderFailed(path, describeError(error));
    }
    if (performance.now() > state.deadline) throw new TemplateBudgetExceeded(path, this.limits.budgetMs);
    state.outputLeft -= output.length;
    if (state.outputLeft < 0) {
      throw new TemplateRenderFailed(path, `rendered output exceeds ${this.limits.maxOutputLength} characters`);
    }
    return output;
  }

  /** A fresh Liquid context per field (assignments stay in their field) sharing the object's time and memory limiters. */
  private contextFor(state: RenderState): Context {
    const options = { sync: true, renderLimit: Math.max(0, state.deadline - performance.now()) };
    const ctx = new Context(state.scope, this.engine.options, options, { ...state.shared, liquid: this.engine });
    state.shared ??= { renderLimit: ctx.renderLimit, memoryLimit: ctx.memoryLimit };
    return ctx;
  }

  private parse(source: string): Template[] {
    const cached = this.parsed.get(source);
    if (cached) {
      this.parsed.delete(source);
      this.parsed.set(source, cached);
      return cached;
    }
    const templates = this.engine.parse(source);
    if (this.parsed.size >= PARSED_CACHE_SIZE) this.parsed.delete(this.parsed.keys().next().value!);
    this.parsed.set(source, templates);
    return templates;
  }
}
