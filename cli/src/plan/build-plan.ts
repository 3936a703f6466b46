/**
 * What apply would do: each resource of the files compared with the server's,
 * normalised the way the services store them (so `{ "productId": "P-1" }`
 * and `{ "productId": { "eq": "P-1" } }` are the same segment), and the
 * calls that make the server match. Ordered so that what is referenced exists
 * first: channels, templates, coupon pools, segments (referenced ones first),
 * the frequency policy, then journeys; deletions in the reverse order.
 */
import { validateFrequencyPolicy } from '@cairn/messaging-domain';
import type { PreparedResources, Resource } from '@cairn/simulator';
import type { RemoteState } from '../remote/read-remote';
import { templateId } from '../remote/read-remote';
import { jsonDiff, sameJson } from './json-diff';
import { comparableConfig, givesSecrets, missingSecrets, resolveReferences, writeOnlyPaths } from './secrets';
import { planDeletions } from './plan-deletions';
import type { ApiCall, PlanItem } from './plan.types';
import { referencedFirst } from './segment-order';

export type { ApiCall, PlanAction, PlanItem } from './plan.types';

export interface PlanOptions {
  prune: boolean;
  writeSecrets: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

const enc = encodeURIComponent;

function sourceOf(
  resources: readonly Resource[],
  kind: Resource['kind'],
  match: (body: Record<string, unknown>, r: Resource) => boolean,
): Resource | undefined {
  return resources.find((r) => r.kind === kind && match((r.body ?? {}) as Record<string, unknown>, r));
}

function changeOrSame(item: Omit<PlanItem, 'action' | 'diff' | 'calls'>, from: unknown, to: unknown, calls: ApiCall[]): PlanItem {
  const diff = jsonDiff(from, to);
  return diff.length === 0 ? { ...item, action: 'unchanged', diff, calls: [] } : { ...item, action: 'update', diff, calls };
}

function channelItems(prepared: PreparedResources, resources: readonly Resource[], remote: RemoteState, o: PlanOptions): PlanItem[] {
  return prepared.channels.map((c) => {
    const r = sourceOf(resources, 'channel', (b) => b.key === c.key)!;
    const base = { kind: 'channel' as const, label: `channel ${c.key}`, source: r.source };
    const server = remote.channels.get(c.key);
    if (!server) return { ...base, action: 'create', diff: [], calls: [{ method: 'POST', path: '/v1/channels', body: r.body, resolve: true }] };
    const put: ApiCall[] = [{ method: 'PUT', path: `/v1/channels/${enc(c.key)}`, body: r.body, resolve: true }];
    const config = resolveReferences(c.config, o.env, false) as Record<string, unknown>;
    const paths = writeOnlyPaths(server.writeOnly);
    const item = changeOrSame(base, { type: server.type, config: server.config }, { type: c.type, config: comparableConfig(config, paths) }, put);
    const missing = missingSecrets(config, server.writeOnly).map((p) => `+ ${p}: (a secret the server does not hold)`);
    if (missing.length > 0) return { ...item, action: 'update', diff: [...item.diff, ...missing], calls: put };
    if (o.writeSecrets && givesSecrets(config, server.writeOnly) && item.action === 'unchanged') {
      return { ...item, action: 'update', diff: ['~ write-only fields: sent again (--write-secrets)'], calls: put };
    }
    return item;
  });
}

function templateItems(prepared: PreparedResources, resources: readonly Resource[], remote: RemoteState): PlanItem[] {
  return [...prepared.templates]
    .sort((a, b) => (a.locale === undefined ? 0 : 1) - (b.locale === undefined ? 0 : 1))
    .map((t) => {
      const r = sourceOf(resources, 'template', (b) => b.key === t.key && b.locale === t.locale)!;
      const base = { kind: 'template' as const, label: `template ${t.key}${t.locale ? ` (${t.locale})` : ''}`, source: r.source };
      const server = remote.templates.get(templateId(t.key, t.locale));
      if (!server) return { ...base, action: 'create', diff: [], calls: [{ method: 'POST', path: '/v1/templates', body: r.body }] };
      const path = `/v1/templates/${enc(t.key)}${t.locale ? `?locale=${enc(t.locale)}` : ''}`;
      return changeOrSame(base, server, t, [{ method: 'PUT', path, body: r.body }]);
    });
}

function couponPoolItems(prepared: PreparedResources, resources: readonly Resource[], remote: RemoteState): PlanItem[] {
  return [...prepared.couponPools.values()].map(({ pool, codes }) => {
    const r = sourceOf(resources, 'couponPool', (_, x) => x.key === pool.key)!;
    const call: ApiCall[] = [{ method: 'PUT', path: `/v1/coupon-pools/${enc(pool.key)}`, body: r.body }];
    const base = { kind: 'couponPool' as const, label: `coupon pool ${pool.key}`, source: r.source };
    const server = remote.couponPools.get(pool.key);
    if (!server) return { ...base, action: 'create', diff: [], calls: call };
    const item = changeOrSame(
      base,
      { mode: server.mode, prefix: server.prefix, length: server.length },
      { mode: pool.mode, prefix: pool.prefix, length: pool.length },
      call,
    );
    // The server lists how many codes it holds, not which: a list with more codes than that is uploaded again (codes it has are kept).
    const held = (server.available ?? 0) + server.assigned;
    if (pool.mode === 'list' && codes.length > held) {
      return { ...item, action: 'update', diff: [...item.diff, `+ codes: ${codes.length} in the file, ${held} on the server`], calls: call };
    }
    return item;
  });
}

function segmentItems(prepared: PreparedResources, resources: readonly Resource[], remote: RemoteState): PlanItem[] {
  return referencedFirst(prepared.segments).map((s) => {
    const r = sourceOf(resources, 'segment', (b) => b.key === s.key)!;
    const base = { kind: 'segment' as const, label: `segment ${s.key}`, source: r.source };
    const server = remote.segments.get(s.key);
    if (!server) return { ...base, action: 'create', diff: [], calls: [{ method: 'POST', path: '/v1/segments', body: r.body }] };
    return changeOrSame(base, server, s, [{ method: 'PUT', path: `/v1/segments/${enc(s.key)}`, body: r.body }]);
  });
}

function policyItems(prepared: PreparedResources, resources: readonly Resource[], remote: RemoteState): PlanItem[] {
  const r = resources.find((x) => x.kind === 'frequencyPolicy');
  if (!r || prepared.policyBody === undefined) return [];
  // A file without `compliance` takes the workspace's preset, which the server's policy shows.
  const compliance = remote.policy.compliance === 'kr-ad-law' ? 'kr-ad-law' : 'none';
  const local = validateFrequencyPolicy(prepared.policyBody, compliance);
  const base = { kind: 'frequencyPolicy' as const, label: 'frequency policy', source: r.source };
  return [changeOrSame(base, remote.policy, local, [{ method: 'PUT', path: '/v1/frequency-policy', body: r.body }])];
}

function journeyItems(prepared: PreparedResources, resources: readonly Resource[], remote: RemoteState): PlanItem[] {
  return prepared.journeys.map(({ definition }) => {
    const r = sourceOf(resources, 'journey', (b) => b.key === definition.key)!;
    const key = enc(definition.key);
    const publish: ApiCall = { method: 'POST', path: `/v1/journeys/${key}/publish` };
    const base = { kind: 'journey' as const, label: `journey ${definition.key}`, source: r.source };
    const server = remote.journeys.get(definition.key);
    if (!server)
      return { ...base, action: 'create', diff: [], note: 'and publish version 1', calls: [{ method: 'POST', path: '/v1/journeys', body: r.body }, publish] };
    const next = `version ${(server.version ?? 0) + 1}`;
    const draftDiff = jsonDiff(server.draft, definition);
    if (draftDiff.length > 0) {
      return {
        ...base,
        action: 'update',
        diff: draftDiff,
        note: `the draft, and publish ${next}`,
        calls: [{ method: 'PUT', path: `/v1/journeys/${key}`, body: r.body }, publish],
      };
    }
    if (server.published === undefined || !sameJson(server.published, definition)) {
      const diff = server.published === undefined ? [] : jsonDiff(server.published, definition);
      return { ...base, action: 'publish', diff, note: `${next} (the draft on the server already matches the file)`, calls: [publish] };
    }
    return { ...base, action: 'unchanged', diff: [], note: `version ${server.version}`, calls: [] };
  });
}

/** The plan: every resource of the files, then what only the server has (deleted with `prune`). */
export function buildPlan(prepared: PreparedResources, resources: readonly Resource[], remote: RemoteState, options: PlanOptions): PlanItem[] {
  return [
    ...channelItems(prepared, resources, remote, options),
    ...templateItems(prepared, resources, remote),
    ...couponPoolItems(prepared, resources, remote),
    ...segmentItems(prepared, resources, remote),
    ...policyItems(prepared, resources, remote),
    ...journeyItems(prepared, resources, remote),
    ...planDeletions(prepared, remote, options.prune),
  ];
}
