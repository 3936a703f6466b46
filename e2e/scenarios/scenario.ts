import { WorkspaceApi } from '../support/api';
import { scenarioWorkspace, ScenarioWorkspace } from '../support/workspaces';

/** A field scenario (docs/design.md §1) played through the public HTTP API of its own workspace. */
export interface Scenario {
  name: string;
  workspace: ScenarioWorkspace;
  run(api: WorkspaceApi): Promise<void>;
}

export function scenario(id: string, name: string, run: Scenario['run'], workspace: Record<string, unknown> = {}): Scenario {
  return { name, workspace: scenarioWorkspace(id, workspace), run };
}

/** Every scenario sends on a `log` channel keyed `log`. */
export const CHANNEL = 'log';

export function sendStep(template: string, category: 'promotional' | 'transactional' = 'promotional', extra: Record<string, unknown> = {}) {
  return { type: 'send', channel: CHANNEL, template, category, ...extra, next: null };
}

/** A journey that sends one message as soon as `event` happens, every time. */
export function onEventSend(key: string, event: string, template: string): Record<string, unknown> {
  return {
    key,
    name: key,
    entry: { event },
    reentry: { mode: 'always' },
    exitOn: [],
    holdout: 0,
    start: 'send',
    steps: { send: sendStep(template) },
  };
}

export const ADVERTISING = { [CHANNEL]: { advertising: true } };
