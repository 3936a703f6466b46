/** Test support: resources and scenarios in a few words (specs only). */
import type { Resource } from './resources';
import { parseScenario, type Scenario } from './scenario';
import { simulate } from './simulation';
import type { SimulationReport } from './output';

export const START = '2026-03-02T09:00:00+09:00';

export function channel(key = 'kakao'): Resource {
  return { kind: 'channel', body: { key, type: 'log', config: {} } };
}

export function template(key: string, text: string, extra: Record<string, unknown> = {}): Resource {
  return { kind: 'template', body: { key, channel: 'kakao', content: { text }, ...extra } };
}

export function segment(key: string, condition: unknown): Resource {
  return { kind: 'segment', body: { key, name: key, condition } };
}

export function journey(body: Record<string, unknown>): Resource {
  return { kind: 'journey', body: { name: body.key, exitOn: [], holdout: 0, reentry: { mode: 'always' }, ...body } };
}

export function sendStep(template: string, extra: Record<string, unknown> = {}) {
  return { type: 'send', channel: 'kakao', template, category: 'promotional', next: null, ...extra };
}

/** A journey that sends `template` as soon as `event` happens. */
export function onEvent(key: string, event: string, template: string, extra: Record<string, unknown> = {}): Resource {
  return journey({ key, entry: { event }, start: 'send', steps: { send: sendStep(template, extra) } });
}

export function policy(body: Record<string, unknown>): Resource {
  return { kind: 'frequencyPolicy', body };
}

export function pool(key: string, body: Record<string, unknown>): Resource {
  return { kind: 'couponPool', key, body };
}

export const ADVERTISING = { kakao: { advertising: true, night: true } };

export function scenario(body: Record<string, unknown>): Scenario {
  return parseScenario({ start: START, until: '+3d', ...body });
}

export function run(resources: Resource[], body: Record<string, unknown>): SimulationReport {
  return simulate(resources, scenario(body));
}

/** The messages as [userId, journey, status, reason, text]. */
export function brief(report: SimulationReport): Array<[string, string | null, string, string | null, string | undefined]> {
  return report.messages.map((m) => [m.userId, m.journey, m.status, m.reason, (m.content as { text?: string } | null)?.text]);
}
