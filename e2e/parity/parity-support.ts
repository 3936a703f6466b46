/** The shape of a parity scenario and the small builders its files are written with (every scenario sends on a `log` channel keyed `log`). */
export interface ParityScenario {
  /** Also the workspace id. */
  id: string;
  title: string;
  /** Overrides of the workspace's configuration (timezone, compliance). */
  workspace?: Record<string, unknown>;
  /** path → body, as `cairn apply` takes them. */
  files: Record<string, unknown>;
  /** The scenario for a run starting at `start` (epoch ms). */
  scenario(start: number): Record<string, unknown>;
  /** Replaces what legitimately differs between two runs (a generated coupon code) before comparing. */
  mask?(text: string): string;
  /** The outcome both runs must have: `user journey status [reason]` per message, in order per user. */
  outcome: string[];
}

export const channel = { 'channels/log.json': { key: 'log', type: 'log', config: {} } };
export const template = (key: string, text: string) => ({ [`templates/${key}.json`]: { key, channel: 'log', content: { text } } });
export const send = (template: string, category = 'promotional', extra: Record<string, unknown> = {}) => ({
  type: 'send',
  channel: 'log',
  template,
  category,
  ...extra,
  next: null,
});
export const onEvent = (key: string, event: string, tmpl: string, category = 'promotional') => ({
  [`journeys/${key}.json`]: { key, name: key, entry: { event }, reentry: { mode: 'always' }, holdout: 0, start: 'send', steps: { send: send(tmpl, category) } },
});
export const advertising = { log: { advertising: true } };
export const iso = (ms: number) => new Date(ms).toISOString();
export const user = (name: string, extra: Record<string, unknown> = {}) => ({ traits: { name, ...extra }, consents: advertising });
