import { MessageContent, TemplateContext, TemplateLimits } from '@cairn/messaging-domain';

/** One content object to render with one context. */
export interface RenderItem {
  content: MessageContent;
  context: TemplateContext;
  /** Unknown variables render as empty (a trial render when a template is saved). */
  lenient?: boolean;
}

export type RenderFailureCode = 'TEMPLATE_RENDER_FAILED' | 'TEMPLATE_BUDGET_EXCEEDED';

export type RenderResult = { ok: true; content: MessageContent } | { ok: false; code: RenderFailureCode; path: string; message: string };

/** What a worker gets when it starts. */
export interface WorkerInput {
  limits: TemplateLimits;
  /** 16 bytes: Int32 [job in progress (0: none), its item index], then BigInt64 [when that item started, epoch ms]. */
  progress: SharedArrayBuffer;
}

/** Pool → worker: render these items in order. */
export interface RenderJob {
  job: number;
  items: RenderItem[];
}

/** Worker → pool: the results of a job, in item order. */
export interface WorkerReply {
  job: number;
  results: RenderResult[];
}
