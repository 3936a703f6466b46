import { DomainError, FieldProblem, ValidationFailed } from '@cairn/core';
import { Liquid } from 'liquidjs';
import { ContentChannel, CONTENT_CHANNELS, MessageContent, validateContentShape } from './content';
import { MESSAGE_CATEGORIES, MessageCategory } from './frequency-policy';

/**
 * Liquid templates, parsed and rendered strictly: unknown variables and filters
 * are errors, except where a template asks whether a value is there (a test in
 * `if` / `unless` / `elsif`, where a missing value is false, and a value whose
 * first filter is `default`), so optional traits can be written
 * `{{ user.name | default: "고객" }}` while a misspelt name still fails; only
 * own properties are reachable (no prototype probing), no file
 * access (include / render / layout are refused), and parsing, the time one
 * render may take (all fields together), memory and output size are bounded.
 */
export interface TemplateDefinition {
  key: string;
  channel: ContentChannel;
  content: MessageContent;
  category?: MessageCategory;
  locale?: string;
}

/** What a template can refer to. */
export interface TemplateContext {
  /** The user's traits. */
  user: Record<string, unknown>;
  /** The event or membership change that started the run. */
  entry?: Record<string, unknown>;
  journey?: Record<string, unknown>;
  coupon?: Record<string, unknown>;
}

export interface TemplateLimits {
  /** Longest template source, in characters. */
  parseLimit: number;
  /**
   * Time one render of a whole content object (every field together) may take,
   * in milliseconds. The engine checks it between steps; the render pool also
   * stops a worker that overruns it inside one step (see RenderPool).
   */
  budgetMs: number;
  /** Rough count of values one render may allocate (ranges, strings, arrays), over every field together. */
  memoryLimit: number;
  /** Longest rendered output, in characters, over all fields of a content object. */
  maxOutputLength: number;
}

export const DEFAULT_TEMPLATE_LIMITS: TemplateLimits = {
  parseLimit: 64 * 1024,
  budgetMs: 1_000,
  memoryLimit: 1_000_000,
  maxOutputLength: 256 * 1024,
};

const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const LOCALE_RE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const FORBIDDEN_TAGS = ['include', 'render', 'layout'];
/** Content fields that are identifiers, never templates. */
export const LITERAL_FIELDS: ReadonlySet<string> = new Set(['templateCode', 'alimtalk']);

const noFiles = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async (file: string): Promise<string> => {
    throw new Error(`templates cannot read files (${file})`);
  },
  readFileSync: (file: string): string => {
    throw new Error(`templates cannot read files (${file})`);
  },
  resolve: (_root: string, file: string) => file,
};

/**
 * The Liquid engine for templates. `lenient` (a trial render when a template is
 * saved, without a real user) lets unknown variables render as empty instead
 * of failing.
 */
export function createLiquidEngine(limits: TemplateLimits = DEFAULT_TEMPLATE_LIMITS, lenient = false): Liquid {
  const engine = new Liquid({
    strictVariables: !lenient,
    strictFilters: true,
    ownPropertyOnly: true,
    // Missing values are allowed only in if/unless/elsif tests and before a `default` filter.
    lenientIf: true,
    relativeReference: false,
    root: [],
    partials: [],
    layouts: [],
    fs: noFiles,
    parseLimit: limits.parseLimit,
    renderLimit: limits.budgetMs,
    memoryLimit: limits.memoryLimit,
  });
  for (const tag of FORBIDDEN_TAGS) {
    engine.registerTag(tag, {
      parse() {
        throw new Error(`the "${tag}" tag is not allowed in templates`);
      },
      render() {
        return '';
      },
    });
  }
  return engine;
}

export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 300 ? `${message.slice(0, 300)}...` : message;
}

/** Every template string in a content object with its field path (`content.text`, `content.json.a[0]`). */
export function templateLeaves(value: unknown, path: string, out: { path: string; source: string }[]): void {
  if (typeof value === 'string') out.push({ path, source: value });
  else if (Array.isArray(value)) value.forEach((item, i) => templateLeaves(item, `${path}[${i}]`, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (!LITERAL_FIELDS.has(key)) templateLeaves(item, `${path}.${key}`, out);
    }
  }
}

/** Parses every template string of `content`; returns the Liquid problems with field paths. */
export function checkContentParses(engine: Liquid, content: MessageContent): FieldProblem[] {
  const leaves: { path: string; source: string }[] = [];
  templateLeaves(content, 'content', leaves);
  const problems: FieldProblem[] = [];
  for (const leaf of leaves) {
    try {
      engine.parse(leaf.source);
    } catch (error) {
      problems.push({ path: leaf.path, message: describeError(error) });
    }
  }
  return problems;
}

function validateMeta(body: Record<string, unknown>, problems: FieldProblem[]): void {
  for (const key of Object.keys(body)) {
    if (!['key', 'channel', 'content', 'category', 'locale'].includes(key)) problems.push({ path: key, message: 'unknown field' });
  }
  if (typeof body.key !== 'string' || !KEY_RE.test(body.key)) {
    problems.push({ path: 'key', message: 'must be 1 to 100 letters, digits, "_", "." or "-", starting with a letter or digit' });
  }
  if (!CONTENT_CHANNELS.includes(body.channel as ContentChannel)) {
    problems.push({ path: 'channel', message: `must be one of ${CONTENT_CHANNELS.join(', ')}` });
  }
  if (body.category !== undefined && !MESSAGE_CATEGORIES.includes(body.category as MessageCategory)) {
    problems.push({ path: 'category', message: 'must be "promotional" or "transactional"' });
  }
  if (body.locale !== undefined && (typeof body.locale !== 'string' || !LOCALE_RE.test(body.locale))) {
    problems.push({ path: 'locale', message: 'must be a language tag such as "ko" or "ko-KR"' });
  }
}

/**
 * Validates a `POST /v1/templates` body: shape problems throw ValidationFailed
 * (VALIDATION_FAILED); Liquid that does not parse throws a DomainError
 * TEMPLATE_INVALID, both with field paths.
 */
export function validateTemplate(body: unknown, engine: Liquid = defaultEngine()): TemplateDefinition {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationFailed([{ path: '', message: 'must be a JSON object' }]);
  }
  const record = body as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  validateMeta(record, problems);
  if (CONTENT_CHANNELS.includes(record.channel as ContentChannel)) {
    validateContentShape(record.channel as ContentChannel, record.content, 'content', problems);
  }
  if (problems.length > 0) throw new ValidationFailed(problems);
  const template: TemplateDefinition = {
    key: record.key as string,
    channel: record.channel as ContentChannel,
    content: record.content as MessageContent,
  };
  if (record.category !== undefined) template.category = record.category as MessageCategory;
  if (record.locale !== undefined) template.locale = record.locale as string;
  const liquidProblems = checkContentParses(engine, template.content);
  if (liquidProblems.length > 0) {
    const first = liquidProblems[0];
    throw new DomainError('TEMPLATE_INVALID', `${first.path}: ${first.message}`, 400, liquidProblems);
  }
  return template;
}

let sharedEngine: Liquid | undefined;
function defaultEngine(): Liquid {
  sharedEngine ??= createLiquidEngine();
  return sharedEngine;
}
