/**
 * A workspace's resources as the REST APIs take them (and as files hold them,
 * one per file), checked with the services' own validators and against each
 * other: what a journey names (segments, templates, channels, coupon pools)
 * and what a segment references must be among them.
 */
import { DomainError, type FieldProblem } from '@cairn/core';
import { validateCouponPool, validateJourney, type CouponPoolUpload, type JourneyDefinition } from '@cairn/journeys-domain';
import { validateFrequencyPolicy, validateTemplate, type CompliancePreset, type FrequencyPolicy, type TemplateDefinition } from '@cairn/messaging-domain';
import { createsCycle, validateSegmentDefinition, type SegmentDefinition } from '@cairn/segments-domain';
import { checkChannel, type ChannelResource } from './channel-check';

export type ResourceKind = 'segment' | 'journey' | 'template' | 'channel' | 'couponPool' | 'frequencyPolicy';

/** One resource: its body as the REST API takes it, and where it came from (a file name), for messages. */
export interface Resource {
  kind: ResourceKind;
  body: unknown;
  /** Where it came from, for problems (`journeys/cart.yaml`); the kind and key otherwise. */
  source?: string;
  /** Coupon pools: the key (the API takes it in the path, files in their name). */
  key?: string;
  /** Journeys: the published version it stands for (default 1). */
  version?: number;
}

/** A problem of one resource: `source: path: message`. */
export interface ResourceProblem {
  source: string;
  path: string;
  message: string;
}

export interface SimJourney {
  definition: JourneyDefinition;
  version: number;
}

export interface PreparedResources {
  segments: SegmentDefinition[];
  journeys: SimJourney[];
  /** Every locale variant, in the order given (the first of a key is its "oldest"). */
  templates: TemplateDefinition[];
  channels: ChannelResource[];
  couponPools: Map<string, CouponPoolUpload>;
  /** The policy body as given; validated again with the workspace's compliance preset as default. */
  policyBody?: unknown;
}

export interface CheckedResources {
  prepared: PreparedResources;
  problems: ResourceProblem[];
}

function describeSource(r: Resource): string {
  if (r.source) return r.source;
  const body = r.body as { key?: unknown; locale?: unknown } | undefined;
  const key = r.key ?? (typeof body?.key === 'string' ? body.key : '?');
  return r.kind === 'frequencyPolicy' ? 'frequency-policy' : `${r.kind} ${key}${typeof body?.locale === 'string' ? ` (${body.locale})` : ''}`;
}

function fieldsOf(error: unknown): FieldProblem[] {
  if (error instanceof DomainError) return error.fields.length > 0 ? error.fields : [{ path: '', message: error.message }];
  throw error;
}

/** Runs a validator; its problems are recorded under the resource's source. */
function attempt<T>(r: Resource, problems: ResourceProblem[], validate: () => T): T | undefined {
  try {
    return validate();
  } catch (error) {
    for (const f of fieldsOf(error)) problems.push({ source: describeSource(r), path: f.path, message: f.message });
    return undefined;
  }
}

function duplicate(r: Resource, seen: Set<string>, id: string, what: string, problems: ResourceProblem[]): boolean {
  if (!seen.has(id)) {
    seen.add(id);
    return false;
  }
  problems.push({ source: describeSource(r), path: 'key', message: `another file already defines ${what}` });
  return true;
}

function keyOf(body: unknown): string | undefined {
  const key = (body as { key?: unknown } | null)?.key;
  return typeof key === 'string' ? key : undefined;
}

/**
 * Validates every resource with the validator its service uses, references
 * included, and returns them normalised with every problem found (none means
 * valid). Channels are checked for their key and type only: their
 * configuration (URLs, addresses, secrets) depends on the server's egress
 * settings and is checked by messaging when it is applied.
 */
export function checkResources(resources: readonly Resource[], defaultCompliance: CompliancePreset = 'none'): CheckedResources {
  const problems: ResourceProblem[] = [];
  const of = (kind: ResourceKind) => resources.filter((r) => r.kind === kind);
  const prepared: PreparedResources = { segments: [], journeys: [], templates: [], channels: [], couponPools: new Map() };
  const segmentKeys = new Set(
    of('segment')
      .map((r) => keyOf(r.body))
      .filter((k): k is string => k !== undefined),
  );
  const seen = { segment: new Set<string>(), template: new Set<string>(), channel: new Set<string>(), pool: new Set<string>(), journey: new Set<string>() };

  for (const r of of('channel')) {
    const channel = attempt(r, problems, () => checkChannel(r.body));
    if (channel && !duplicate(r, seen.channel, channel.key, `channel "${channel.key}"`, problems)) prepared.channels.push(channel);
  }
  for (const r of of('template')) {
    const template = attempt(r, problems, () => validateTemplate(r.body));
    if (!template) continue;
    const id = `${template.key}\u0000${template.locale ?? ''}`;
    const what = `template "${template.key}"${template.locale ? ` for locale ${template.locale}` : ' without a locale'}`;
    if (!duplicate(r, seen.template, id, what, problems)) prepared.templates.push(template);
  }
  for (const r of of('couponPool')) {
    const pool = attempt(r, problems, () => validateCouponPool(r.key ?? '', r.body));
    if (pool && !duplicate(r, seen.pool, pool.pool.key, `coupon pool "${pool.pool.key}"`, problems)) prepared.couponPools.set(pool.pool.key, pool);
  }
  for (const r of of('segment')) {
    const segment = attempt(r, problems, () => validateSegmentDefinition(r.body, { segmentExists: (k) => segmentKeys.has(k) }));
    if (segment && !duplicate(r, seen.segment, segment.key, `segment "${segment.key}"`, problems)) prepared.segments.push(segment);
  }
  checkCycles(of('segment'), prepared.segments, problems);
  checkPolicy(of('frequencyPolicy'), prepared, defaultCompliance, problems);
  checkJourneys(of('journey'), prepared, segmentKeys, seen.journey, problems);
  return { prepared, problems };
}

function checkPolicy(policies: Resource[], prepared: PreparedResources, defaultCompliance: CompliancePreset, problems: ResourceProblem[]): void {
  for (const r of policies.slice(1)) problems.push({ source: describeSource(r), path: '', message: 'a workspace has one frequency policy' });
  if (!policies[0]) return;
  prepared.policyBody = policies[0].body;
  attempt(policies[0], problems, () => validateFrequencyPolicy(policies[0].body, defaultCompliance));
}

/** Journeys last: what they name must be among the valid segments, templates, channels and coupon pools. */
function checkJourneys(journeys: Resource[], prepared: PreparedResources, segmentKeys: Set<string>, seen: Set<string>, problems: ResourceProblem[]): void {
  const templates = new Set(prepared.templates.map((t) => t.key));
  const channels = new Set(prepared.channels.map((c) => c.key));
  const refs = {
    segmentExists: (k: string) => segmentKeys.has(k),
    templateExists: (k: string) => templates.has(k),
    channelExists: (k: string) => channels.has(k),
    couponPoolExists: (k: string) => prepared.couponPools.has(k),
  };
  for (const r of journeys) {
    const definition = attempt(r, problems, () => validateJourney(r.body, refs));
    if (definition && !duplicate(r, seen, definition.key, `journey "${definition.key}"`, problems)) {
      prepared.journeys.push({ definition, version: r.version ?? 1 });
    }
  }
}

function checkCycles(resources: Resource[], segments: SegmentDefinition[], problems: ResourceProblem[]): void {
  const indexed = segments.map((s) => ({ id: s.key, key: s.key, condition: s.condition }));
  for (const s of indexed) {
    if (!createsCycle(indexed, s)) continue;
    const r = resources.find((x) => keyOf(x.body) === s.key)!;
    problems.push({ source: describeSource(r), path: 'condition', message: `segment "${s.key}" references itself through other segments (a cycle)` });
  }
}

/** The policy the simulation decides with: the one given (defaults filled in), else none with the workspace's preset. */
export function effectivePolicy(policyBody: unknown, compliance: CompliancePreset): FrequencyPolicy {
  if (policyBody === undefined) return { rules: [], whenCapped: 'drop', compliance };
  return validateFrequencyPolicy(policyBody, compliance);
}

/** Formats a problem the way every Cairn tool prints them: `file: field.path: message` (`file: message` for the whole file). */
export function formatProblem(p: ResourceProblem): string {
  return `${p.source}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}
