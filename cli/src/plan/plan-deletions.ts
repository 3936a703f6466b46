/**
 * What the server has and the files do not: deleted with `--prune` (journeys
 * first, then segments, the referencing ones before what they reference, then
 * templates and channels), listed as kept otherwise. Coupon pools and the
 * frequency policy have no delete in the API: they are always kept.
 */
import type { PreparedResources } from '@cairn/simulator';
import type { RemoteState } from '../remote/read-remote';
import { templateId } from '../remote/read-remote';
import type { ApiCall, PlanItem } from './plan.types';
import { referencedFirst } from './segment-order';

const enc = encodeURIComponent;

function item(kind: PlanItem['kind'], label: string, prune: boolean, call: ApiCall): PlanItem {
  return prune
    ? { kind, label, action: 'delete', diff: [], calls: [call] }
    : { kind, label, action: 'kept', diff: [], note: 'on the server only; --prune deletes it', calls: [] };
}

export function planDeletions(prepared: PreparedResources, remote: RemoteState, prune: boolean): PlanItem[] {
  const journeys = new Set(prepared.journeys.map((j) => j.definition.key));
  const segments = new Set(prepared.segments.map((s) => s.key));
  const templates = new Set(prepared.templates.map((t) => templateId(t.key, t.locale)));
  const channels = new Set(prepared.channels.map((c) => c.key));
  const pools = new Set(prepared.couponPools.keys());
  const out: PlanItem[] = [];
  for (const j of remote.journeys.values()) {
    if (!journeys.has(j.key)) out.push(item('journey', `journey ${j.key}`, prune, { method: 'DELETE', path: `/v1/journeys/${enc(j.key)}` }));
  }
  const extraSegments = [...remote.segments.values()].filter((s) => !segments.has(s.key));
  for (const s of referencedFirst(extraSegments).reverse()) {
    out.push(item('segment', `segment ${s.key}`, prune, { method: 'DELETE', path: `/v1/segments/${enc(s.key)}` }));
  }
  for (const [id, t] of remote.templates) {
    if (templates.has(id)) continue;
    const path = `/v1/templates/${enc(t.key)}${t.locale ? `?locale=${enc(t.locale)}` : ''}`;
    out.push(item('template', `template ${t.key}${t.locale ? ` (${t.locale})` : ''}`, prune, { method: 'DELETE', path }));
  }
  for (const c of remote.channels.values()) {
    if (!channels.has(c.key)) out.push(item('channel', `channel ${c.key}`, prune, { method: 'DELETE', path: `/v1/channels/${enc(c.key)}` }));
  }
  for (const p of remote.couponPools.values()) {
    if (!pools.has(p.key))
      out.push({
        kind: 'couponPool',
        label: `coupon pool ${p.key}`,
        action: 'kept',
        diff: [],
        note: 'on the server only (the API has no delete for coupon pools)',
        calls: [],
      });
  }
  return out;
}
